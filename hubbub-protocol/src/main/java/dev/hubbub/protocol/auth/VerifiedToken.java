package dev.hubbub.protocol.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A token that passed verification: its claims as strings (numbers and booleans in their JSON form, arrays
 * as several values, objects as JSON text), in payload order.
 *
 * @param algorithm the {@code alg} header
 * @param keyId the {@code kid} header, or null
 * @param claims every payload claim, {@code nbf}, {@code exp}, {@code iat} and {@code aud} included
 * @param audiences the {@code aud} values (a string or an array in the token)
 * @param expiresAt the {@code exp} time
 */
public record VerifiedToken(TokenAlgorithm algorithm, @Nullable String keyId, Map<String, List<String>> claims,
    List<String> audiences, Instant expiresAt) {

  /** Copies the claims, keeping their order (claims a verifier read are read-only already and kept as they are). */
  public VerifiedToken {
    if (!(claims instanceof ClaimMap)) {
      Map<String, List<String>> copy = new LinkedHashMap<>((int) (claims.size() / 0.75f) + 1);
      claims.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      claims = Collections.unmodifiableMap(copy);
    }
    audiences = List.copyOf(audiences);
  }

  /** The user id: {@code asrs.s.uid}, else {@code nameid}, else {@code sub}; empty when none is present. */
  public Optional<String> userId() {
    String id = first(ClaimNames.USER_ID);
    if (id == null) {
      id = first(ClaimNames.NAME_ID);
    }
    if (id == null) {
      id = first(ClaimNames.SUBJECT);
    }
    return Optional.ofNullable(id);
  }

  private @Nullable String first(String name) {
    List<String> values = claims.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a claim; empty when absent. */
  public Optional<String> claim(String name) {
    return Optional.ofNullable(first(name));
  }

  /** Every value of a claim; empty when absent. */
  public List<String> claimValues(String name) {
    return claims.getOrDefault(name, List.of());
  }
}
