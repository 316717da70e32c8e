package dev.hubbub.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies access tokens presented to the service: HMAC signature (HS256, HS384 or HS512) against any of
 * the configured access keys ({@code kid} is ignored: local SDK key ids are random per process), then
 * {@code exp} (required) and {@code nbf} within a clock skew, then, when a request URL is given, the
 * audience by path (see {@link #verify(String, URI)}). Immutable and thread-safe.
 */
public final class AccessTokenVerifier {
  /** The default tolerance for clock differences when checking {@code exp} and {@code nbf}. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
  /** The default longest token accepted, in characters; longer input is rejected before parsing. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<byte[]> keys;
  /**
   * Per algorithm, a MAC initialised with each key, in key order. Never updated: each check works on a clone,
   * which skips the provider lookup and the key setup that a fresh {@link Mac} costs every time.
   */
  private final Map<TokenAlgorithm, List<Mac>> macs = new EnumMap<>(TokenAlgorithm.class);
  private final Clock clock;
  private final Duration clockSkew;
  private final boolean checkLifetime;
  private final int maxTokenLength;

  private AccessTokenVerifier(Builder b) {
    this.keys = List.copyOf(b.keys);
    for (TokenAlgorithm algorithm : TokenAlgorithm.values()) {
      List<Mac> initialised = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        try {
          initialised.add(newMac(algorithm, key));
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(jca(algorithm) + " is not available in this JVM", e);
        }
      }
      macs.put(algorithm, List.copyOf(initialised));
    }
    this.clock = b.clock;
    this.clockSkew = b.clockSkew;
    this.checkLifetime = b.checkLifetime;
    this.maxTokenLength = b.maxTokenLength;
  }

  /** A builder for a verifier accepting tokens signed with {@code accessKey} (add more with {@link Builder#key}). */
  public static Builder builder(String accessKey) {
    return new Builder().key(accessKey);
  }

  /**
   * Verifies signature and lifetime, without looking at the audience.
   *
   * @throws InvalidAccessTokenException naming the check that failed
   */
  public VerifiedToken verify(String token) throws InvalidAccessTokenException {
    return verify(token, null);
  }

  /**
   * Verifies signature, lifetime and, when {@code requestUrl} is not null, that some {@code aud} matches the
   * URL's path: the audience path equals the request path or is a whole-segment prefix of it, compared
   * case-insensitively with {@code /api/v1/} read as {@code /api/}; scheme, host, port and query are ignored
   * except that an audience naming {@code hub=} must name the request's hub. So a token for
   * {@code http://localhost/client/?hub=chat} verifies on {@code http://localhost:8888/client/negotiate?hub=chat}.
   *
   * @throws InvalidAccessTokenException naming the check that failed
   */
  public VerifiedToken verify(String token, @Nullable URI requestUrl) throws InvalidAccessTokenException {
    if (token.length() > maxTokenLength) {
      throw new InvalidAccessTokenException("Access token is " + token.length() + " characters long; at most "
          + maxTokenLength + " are accepted.");
    }
    JWSObject jws;
    try {
      jws = JWSObject.parse(token);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidAccessTokenException("Access token is not a signed JWT: " + e.getMessage(), e);
    }
    TokenAlgorithm algorithm = algorithm(jws.getHeader().getAlgorithm().getName());
    if (jws.getHeader().getCriticalParams() != null && !jws.getHeader().getCriticalParams().isEmpty()) {
      throw new InvalidAccessTokenException("Access token has critical header parameters "
          + jws.getHeader().getCriticalParams() + ", which are not supported.");
    }
    checkSignature(jws, algorithm);
    JsonNode payload;
    try {
      payload = JSON.readTree(jws.getPayload().toBytes());
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidAccessTokenException("Access token payload is not JSON.", e);
    }
    if (payload == null || !payload.isObject()) {
      throw new InvalidAccessTokenException("Access token payload is not a JSON object.");
    }
    Instant expires = checkLifetime(payload);
    Map<String, List<String>> claims = claims(payload);
    List<String> audiences = claims.getOrDefault("aud", List.of());
    if (requestUrl != null) {
      checkAudience(audiences, requestUrl);
    }
    return new VerifiedToken(algorithm, jws.getHeader().getKeyID(), claims, audiences, expires);
  }

  private static TokenAlgorithm algorithm(String alg) throws InvalidAccessTokenException {
    for (TokenAlgorithm a : TokenAlgorithm.values()) {
      if (a.name().equals(alg)) {
        return a;
      }
    }
    throw new InvalidAccessTokenException("Access token algorithm " + alg + " is not accepted; use HS256, HS384 or HS512.");
  }

  private void checkSignature(JWSObject jws, TokenAlgorithm algorithm) throws InvalidAccessTokenException {
    byte[] signature = jws.getSignature().decode();
    byte[] input = jws.getSigningInput();
    List<Mac> initialised = Objects.requireNonNull(macs.get(algorithm));
    for (int i = 0; i < initialised.size(); i++) {
      try {
        Mac mac = copy(initialised.get(i), algorithm, keys.get(i));
        if (MessageDigest.isEqual(mac.doFinal(input), signature)) {
          return;
        }
      } catch (GeneralSecurityException e) {
        // Reported like any other failed check: the input decides the outcome, never a crash.
        throw new InvalidAccessTokenException("Access token signature could not be checked with "
            + jca(algorithm) + ": " + e.getMessage(), e);
      }
    }
    throw new InvalidAccessTokenException("Access token signature does not match any access key.");
  }

  private static String jca(TokenAlgorithm algorithm) {
    return switch (algorithm) {
      case HS256 -> "HmacSHA256";
      case HS384 -> "HmacSHA384";
      case HS512 -> "HmacSHA512";
    };
  }

  private static Mac newMac(TokenAlgorithm algorithm, byte[] key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(jca(algorithm));
    mac.init(new SecretKeySpec(key, jca(algorithm)));
    return mac;
  }

  /** A MAC in the initialised state of {@code prototype}: its clone, or a new one where the provider cannot clone. */
  private static Mac copy(Mac prototype, TokenAlgorithm algorithm, byte[] key) throws GeneralSecurityException {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return newMac(algorithm, key);
    }
  }

  private Instant checkLifetime(JsonNode payload) throws InvalidAccessTokenException {
    Instant expires = epochSeconds(payload, "exp");
    if (expires == null) {
      throw new InvalidAccessTokenException("Access token has no exp claim.");
    }
    if (!checkLifetime) {
      return expires;
    }
    Instant now = clock.instant();
    if (now.isAfter(expires.plus(clockSkew))) {
      throw new InvalidAccessTokenException("Access token expired at " + expires + " (now " + now + ", skew "
          + clockSkew.toSeconds() + "s).");
    }
    Instant notBefore = epochSeconds(payload, "nbf");
    if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
      throw new InvalidAccessTokenException("Access token is not valid before " + notBefore + " (now " + now
          + ", skew " + clockSkew.toSeconds() + "s).");
    }
    return expires;
  }

  private static @Nullable Instant epochSeconds(JsonNode payload, String name) throws InvalidAccessTokenException {
    JsonNode node = payload.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !node.canConvertToLong()) {
      throw new InvalidAccessTokenException("Access token claim " + name + " is not a number of seconds.");
    }
    long seconds = node.asLong();
    if (seconds < -Instant.MAX.getEpochSecond() / 2 || seconds > Instant.MAX.getEpochSecond() / 2) {
      throw new InvalidAccessTokenException("Access token claim " + name + " is out of range.");
    }
    return Instant.ofEpochSecond(seconds);
  }

  private static Map<String, List<String>> claims(JsonNode payload) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : payload.properties()) {
      List<String> values = new ArrayList<>();
      if (field.getValue().isArray()) {
        field.getValue().forEach(v -> values.add(text(v)));
      } else {
        values.add(text(field.getValue()));
      }
      claims.put(field.getKey(), values);
    }
    return claims;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static void checkAudience(List<String> audiences, URI requestUrl) throws InvalidAccessTokenException {
    if (audiences.isEmpty()) {
      throw new InvalidAccessTokenException("Access token has no aud claim.");
    }
    for (String audience : audiences) {
      if (AudienceMatcher.matches(audience, requestUrl)) {
        return;
      }
    }
    throw new InvalidAccessTokenException("Access token audience " + audiences + " does not match the request "
        + "path " + requestUrl.getRawPath() + " (compared by path and hub parameter).");
  }

  /** Options of an {@link AccessTokenVerifier}. */
  public static final class Builder {
    private final List<byte[]> keys = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private boolean checkLifetime = true;
    private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

    private Builder() {}

    /** Also accepts tokens signed with {@code accessKey} (for example a secondary key). */
    public Builder key(String accessKey) {
      if (accessKey.isEmpty()) {
        throw new IllegalArgumentException("An access key must not be empty.");
      }
      keys.add(accessKey.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** The clock for lifetime checks; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The tolerance for {@code exp} and {@code nbf}; 5 minutes by default. */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Whether {@code exp} and {@code nbf} are checked against the clock (true by default); {@code exp} stays required. */
    public Builder checkLifetime(boolean checkLifetime) {
      this.checkLifetime = checkLifetime;
      return this;
    }

    /** The longest token accepted, in characters; 16384 by default. */
    public Builder maxTokenLength(int maxTokenLength) {
      if (maxTokenLength <= 0) {
        throw new IllegalArgumentException("maxTokenLength must be positive: " + maxTokenLength);
      }
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    /** The verifier. */
    public AccessTokenVerifier build() {
      return new AccessTokenVerifier(this);
    }
  }
}
