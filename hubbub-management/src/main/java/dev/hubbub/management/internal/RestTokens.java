package dev.hubbub.management.internal;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of REST calls, one per audience (the request URL without port and query), signed once and reused
 * until {@link #RENEW_BEFORE_EXPIRY} before they expire. Signing per call cost the SDK an HMAC and a JSON
 * encoding per request, and, worse, made every token new to the service, which verifies a token string once and
 * then remembers it: a reused token skips that verification. Thread-safe; two threads missing at once may both
 * sign, and either token is good.
 */
final class RestTokens {
  /** Lifetime of a REST token. */
  static final Duration LIFETIME = Duration.ofMinutes(5);
  /** A token is replaced once it has less than this left, so none goes out about to expire. */
  static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);
  /** Audiences remembered at most (one per user, group or connection addressed); past it the cache starts over. */
  static final int MAX_AUDIENCES = 16_384;

  private final AccessTokenIssuer issuer;
  private final TokenClaims claims;
  private final Clock clock;
  private final ConcurrentHashMap<String, Signed> tokens = new ConcurrentHashMap<>();

  /**
   * @param clock the clock {@code issuer} signs with
   */
  RestTokens(AccessTokenIssuer issuer, TokenClaims claims, Clock clock) {
    this.issuer = issuer;
    this.claims = claims;
    this.clock = clock;
  }

  /** A token for {@code audience} with at least {@link #RENEW_BEFORE_EXPIRY} left. */
  String token(String audience) {
    long now = clock.millis();
    Signed s = tokens.get(audience);
    if (s != null && now < s.renewAtMillis) {
      return s.token;
    }
    if (s == null && tokens.size() >= MAX_AUDIENCES) {
      tokens.clear();
    }
    String token = issuer.issue(audience, claims, LIFETIME);
    // exp is the signing second rounded down plus the lifetime, so renew counting from there
    long signedAtMillis = now - now % 1000;
    tokens.put(audience, new Signed(token, signedAtMillis + LIFETIME.minus(RENEW_BEFORE_EXPIRY).toMillis()));
    return token;
  }

  /** Audiences with a token, for tests. */
  int size() {
    return tokens.size();
  }

  @Override
  public String toString() {
    return "RestTokens[" + tokens.size() + " audiences]";
  }

  /** A signed token and when to replace it; never shows the token. */
  private record Signed(String token, long renewAtMillis) {
    @Override
    public String toString() {
      return "Signed[token=***, renewAtMillis=" + renewAtMillis + "]";
    }
  }
}
