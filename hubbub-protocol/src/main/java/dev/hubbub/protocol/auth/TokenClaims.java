package dev.hubbub.protocol.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims a token carries besides {@code nbf}, {@code exp}, {@code iat} and {@code aud}: names in
 * first-added order, each with one or more string values (several values become a JSON array). Immutable.
 *
 * @param values claim name to values, in the order the names were first added
 */
public record TokenClaims(Map<String, List<String>> values) {
  /** No claims. */
  public static final TokenClaims NONE = new TokenClaims(Map.of());

  /** Copies {@code values}, keeping their order. */
  public TokenClaims {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("Claim " + k + " has no value.");
      }
      copy.put(k, List.copyOf(v));
    });
    values = Collections.unmodifiableMap(copy);
  }

  /** The first value of a claim; empty when absent. */
  public Optional<String> first(String name) {
    List<String> v = values.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A builder that applies the SDK naming rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TokenClaims}: system claims as named, user claims renamed when they collide. */
  public static final class Builder {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private boolean sawSubject;

    private Builder() {}

    /** Adds {@code asrs.s.uid}, the user id the service routes user sends by. */
    public Builder userId(String userId) {
      return system(ClaimNames.USER_ID, userId);
    }

    /** Adds {@code nameid} (the user id of REST user APIs; the server id in server tokens). */
    public Builder nameId(String nameId) {
      return claim(ClaimNames.NAME_ID, nameId);
    }

    /**
     * Adds a system claim under its own name, e.g. {@link ClaimNames#SERVER_STICKY}.
     *
     * @throws IllegalArgumentException if the name does not start with {@code asrs.s.}
     */
    public Builder system(String name, String value) {
      if (!name.startsWith(ClaimNames.SYSTEM_PREFIX)) {
        throw new IllegalArgumentException("System claim " + name + " must start with " + ClaimNames.SYSTEM_PREFIX);
      }
      return put(name, value);
    }

    /**
     * Adds a user claim. A name reserved by JWT ({@link ClaimNames#RESERVED}), or a second {@code sub}, is
     * written as {@code asrs.u.<name>} so it cannot change the token's meaning; the server SDK strips the
     * prefix again.
     */
    public Builder claim(String name, String value) {
      String written = name;
      if (ClaimNames.RESERVED.contains(name)) {
        written = ClaimNames.USER_PREFIX + name;
      } else if (ClaimNames.SUBJECT.equals(name)) {
        if (sawSubject) {
          written = ClaimNames.USER_PREFIX + name;
        }
        sawSubject = true;
      }
      return put(written, value);
    }

    private Builder put(String name, String value) {
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** The claims. */
    public TokenClaims build() {
      return new TokenClaims(values);
    }
  }
}
