package dev.hubbub.transport;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of an {@link Authenticator}: let the request through as some user, or answer it with
 * an HTTP status and an empty body (401 by default; an empty body is what makes the official clients
 * report "Unauthorized").
 */
public final class AuthResult {

  private static final AuthResult ANONYMOUS = new AuthResult(TransportUser.ANONYMOUS, 0);
  private static final AuthResult UNAUTHORIZED = new AuthResult(null, 401);

  private final @Nullable TransportUser user;
  private final int status;

  private AuthResult(@Nullable TransportUser user, int status) {
    this.user = user;
    this.status = status;
  }

  /** Let the request through as {@code user}. */
  public static AuthResult allow(TransportUser user) {
    return new AuthResult(Objects.requireNonNull(user, "user"), 0);
  }

  /** Let the request through without a user. */
  public static AuthResult anonymous() {
    return ANONYMOUS;
  }

  /** Answer 401 with an empty body. */
  public static AuthResult unauthorized() {
    return UNAUTHORIZED;
  }

  /** Answer {@code status} (for example 403) with an empty body. */
  public static AuthResult deny(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("Denial status " + status + " is not an HTTP error status; use 401 or 403");
    }
    return new AuthResult(null, status);
  }

  /** Whether the request may go on. */
  public boolean allowed() {
    return user != null;
  }

  /** The user when {@link #allowed()}, else null. */
  public @Nullable TransportUser user() {
    return user;
  }

  /** The status to answer with when not {@link #allowed()}. */
  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return allowed() ? "AuthResult[allow " + user + "]" : "AuthResult[deny " + status + "]";
  }
}
