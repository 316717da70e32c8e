package dev.hubbub.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an authenticated user, as ASP.NET Core's {@code [Authorize]}: on a hub class for connecting to it (and
 * every method), on a method for invoking it. With {@link #roles()} the user needs one of them; with
 * {@link #policy()} the named policy registered with {@link HubServer.Builder#authorizationPolicy} must allow them.
 *
 * <p>On the class, a client that is not allowed gets 401 (anonymous) or 403 (authenticated but not allowed) from
 * negotiate and from every transport request, also when the hubs are behind a SignalR service (the server's
 * negotiate refuses before redirecting). On a method, the invocation completes with the error ASP.NET Core sends:
 * {@code Failed to invoke 'Name' because user is unauthorized}; the connection stays open.
 *
 * <pre>{@code
 * @Authorize
 * public class AdminHub extends Hub {
 *   @Authorize(roles = "admin")
 *   public void resetAll() { ... }
 *
 *   @Authorize(policy = "sameTenant")
 *   public void moveTenant(String tenant) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authorize {

  /** Roles of which the user needs at least one (claim types {@code role}, {@code roles} or .NET's role URI). */
  String[] roles() default {};

  /** A policy registered with {@link HubServer.Builder#authorizationPolicy}, or empty for none. */
  String policy() default "";
}
