package dev.hubbub.server.internal;

import dev.hubbub.server.Authorize;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubPrincipal;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** {@link Authorize} on hubs and their methods, with the server's named policies. */
public final class HubAuthorization {
  /** What ASP.NET Core sends when a method's authorization fails. */
  static String unauthorized(String target) {
    return "Failed to invoke '" + target + "' because user is unauthorized";
  }

  private final Map<String, Predicate<? super HubPrincipal>> policies;

  public HubAuthorization(Map<String, Predicate<? super HubPrincipal>> policies) {
    this.policies = Map.copyOf(policies);
  }

  /**
   * Fails at start for a policy name no one registered (on the class or any public method), rather than at the
   * first call.
   */
  public void check(Class<? extends Hub> hub) {
    checkPolicy(hub.getAnnotation(Authorize.class), hub.getName());
    for (Method m : hub.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      checkPolicy(m.getAnnotation(Authorize.class), hub.getName() + "." + m.getName());
    }
  }

  private void checkPolicy(@Nullable Authorize a, String where) {
    if (a != null && !a.policy().isEmpty() && !policies.containsKey(a.policy())) {
      throw new IllegalStateException("@Authorize(policy = \"" + a.policy() + "\") on " + where + " names a policy "
          + "that is not registered: add it with HubServer.Builder.authorizationPolicy(\"" + a.policy()
          + "\", principal -> ...)");
    }
  }

  /** Whether {@code principal} meets {@code a} (null: no requirement). */
  public boolean allows(@Nullable Authorize a, HubPrincipal principal) {
    if (a == null) {
      return true;
    }
    if (!principal.isAuthenticated()) {
      return false;
    }
    if (a.roles().length > 0) {
      boolean any = false;
      for (String role : a.roles()) {
        if (principal.hasRole(role)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (!a.policy().isEmpty()) {
      Predicate<? super HubPrincipal> policy = policies.get(a.policy());
      return policy != null && policy.test(principal);
    }
    return true;
  }

  /**
   * The route's authenticator with the hub class's requirement on top: 401 for anonymous callers, 403 for
   * authenticated ones who do not meet it.
   */
  public Authenticator guard(Authenticator inner, Class<? extends Hub> hub) {
    Authorize required = hub.getAnnotation(Authorize.class);
    if (required == null) {
      return inner;
    }
    return (request, application) -> {
      AuthResult result = inner.authenticate(request, application);
      if (!result.allowed()) {
        return result;
      }
      TransportUser user = result.user();
      HubPrincipal principal = user == null ? HubPrincipal.ANONYMOUS : new HubPrincipal(user.id(), user.claims());
      if (allows(required, principal)) {
        return result;
      }
      return principal.isAuthenticated() ? AuthResult.deny(403) : AuthResult.unauthorized();
    };
  }
}
