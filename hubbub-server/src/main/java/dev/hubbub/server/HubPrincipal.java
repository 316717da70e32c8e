package dev.hubbub.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The user a connection runs as, as authorization sees it: the id the authenticator established and the claims.
 * Authenticated when the authenticator allowed it as some user (an id or at least one claim). {@link #toString()}
 * shows the id and the claim types, never claim values.
 *
 * @param userIdentifier the user id, or null
 * @param claims claim type to values
 */
public record HubPrincipal(@Nullable String userIdentifier, Map<String, List<String>> claims) {
  /** The claim types that carry roles: JWT's {@code role} and {@code roles}, and .NET's role claim type. */
  public static final List<String> ROLE_CLAIMS = List.of("role", "roles",
      "http://schemas.microsoft.com/ws/2008/06/identity/claims/role");

  /** No user. */
  public static final HubPrincipal ANONYMOUS = new HubPrincipal(null, Map.of());

  /** Copies the claims. */
  public HubPrincipal {
    claims = Map.copyOf(Objects.requireNonNull(claims, "claims"));
  }

  /** Whether a user is established (an id or any claim). */
  public boolean isAuthenticated() {
    return userIdentifier != null || !claims.isEmpty();
  }

  /** Whether the user has {@code role} in one of the {@link #ROLE_CLAIMS}, compared exactly. */
  public boolean hasRole(String role) {
    for (String type : ROLE_CLAIMS) {
      List<String> values = claims.get(type);
      if (values != null && values.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** The values of claim {@code type}, empty when absent. */
  public List<String> claim(String type) {
    return claims.getOrDefault(type, List.of());
  }

  @Override
  public String toString() {
    return "HubPrincipal[user=" + userIdentifier + ", claimTypes=" + claims.keySet() + "]";
  }
}
