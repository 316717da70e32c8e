package dev.hubbub.management;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What goes into a client's access token, as {@code NegotiationOptions} of the official SDK. Immutable;
 * build with {@link #builder()}.
 *
 * @param userId the user id ({@code asrs.s.uid} and {@code nameid} claims), or null for an anonymous client
 * @param claims extra claims, names in insertion order; a name reserved by JWT ({@code aud}, {@code exp}, ...)
 *     is written as {@code asrs.u.<name>}
 * @param tokenLifetime how long the token is valid; 1 hour by default
 * @param diagnosticClient marks the client as a diagnostic client ({@code asrs.s.dc})
 * @param enableDetailedErrors asks the service to send detailed errors to the client ({@code asrs.s.derror})
 * @param closeOnAuthenticationExpiration asks the service to close the connection when the token expires
 *     ({@code asrs.s.coae} and {@code asrs.s.aeo})
 */
public record NegotiationOptions(@Nullable String userId, Map<String, List<String>> claims, Duration tokenLifetime,
    boolean diagnosticClient, boolean enableDetailedErrors, boolean closeOnAuthenticationExpiration) {
  /** No user, no claims, a 1-hour token. */
  public static final NegotiationOptions DEFAULTS = builder().build();

  /** Validates and copies the values. */
  public NegotiationOptions {
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("tokenLifetime must be positive: " + tokenLifetime);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    claims.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    claims = Collections.unmodifiableMap(copy);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.userId = userId;
    claims.forEach((k, v) -> b.claims.put(k, new ArrayList<>(v)));
    b.tokenLifetime = tokenLifetime;
    b.diagnosticClient = diagnosticClient;
    b.enableDetailedErrors = enableDetailedErrors;
    b.closeOnAuthenticationExpiration = closeOnAuthenticationExpiration;
    return b;
  }

  /** Builds {@link NegotiationOptions}. */
  public static final class Builder {
    private @Nullable String userId;
    private final Map<String, List<String>> claims = new LinkedHashMap<>();
    private Duration tokenLifetime = Duration.ofHours(1);
    private boolean diagnosticClient;
    private boolean enableDetailedErrors;
    private boolean closeOnAuthenticationExpiration;

    private Builder() {}

    /** The user id the service routes user sends and user groups by; none by default. */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      return this;
    }

    /** Adds a claim; calling it twice with one name gives the claim two values (a JSON array). */
    public Builder claim(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      claims.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** The token lifetime; 1 hour by default. */
    public Builder tokenLifetime(Duration tokenLifetime) {
      this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime");
      return this;
    }

    /** Whether the client is a diagnostic client; false by default. */
    public Builder diagnosticClient(boolean diagnosticClient) {
      this.diagnosticClient = diagnosticClient;
      return this;
    }

    /** Whether the client gets detailed error messages; false by default. */
    public Builder enableDetailedErrors(boolean enableDetailedErrors) {
      this.enableDetailedErrors = enableDetailedErrors;
      return this;
    }

    /** Whether the service closes the connection when the token expires; false by default. */
    public Builder closeOnAuthenticationExpiration(boolean closeOnAuthenticationExpiration) {
      this.closeOnAuthenticationExpiration = closeOnAuthenticationExpiration;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if the lifetime is not positive
     */
    public NegotiationOptions build() {
      return new NegotiationOptions(userId, claims, tokenLifetime, diagnosticClient, enableDetailedErrors,
          closeOnAuthenticationExpiration);
    }
  }
}
