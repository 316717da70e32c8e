package dev.hubbub.service.internal.auth;

import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.protocol.auth.VerifiedToken;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportUser;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access-token authentication as Azure SignalR Service does it: a JWT signed with the AccessKey, from the
 * {@code Authorization: Bearer} header or else the {@code access_token} query parameter (browsers cannot
 * set headers on WebSockets and EventSource), audience checked by path only. A missing or invalid token is
 * answered 401 with an empty body, so SignalR clients report "Unauthorized".
 */
public final class TokenAuthenticator implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.auth");

  /**
   * REST callers (the management SDK, app servers) send the same token with many requests, and verifying a
   * JWT (parse, HMAC, JSON) costs more than routing the send itself. Successful verifications of header
   * tokens on {@code /api/} routes are remembered: per token, its verified result and the exact request URIs
   * it passed the audience check for. A hit returns what the verifier returned for that same token and URI
   * (claims do not depend on the URI), until the token's {@code exp}. At most this many URIs are kept in all;
   * the whole cache is cleared when it is full.
   */
  static final int MAX_CACHED = 65_536;

  private record Verified(VerifiedToken token, Set<String> uris) {}

  private final AccessTokenVerifier verifier;
  private final Clock clock;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final AtomicInteger cachedUris = new AtomicInteger();

  public TokenAuthenticator(AccessTokenVerifier verifier) {
    this(verifier, Clock.systemUTC());
  }

  TokenAuthenticator(AccessTokenVerifier verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  @Override
  public AuthResult authenticate(TransportRequest request, TransportApplication application) {
    try {
      VerifiedToken token = verify(request);
      return AuthResult.allow(new TransportUser(token.userId().orElse(null), token.claims()));
    } catch (InvalidAccessTokenException e) {
      log.info("Rejected {} {}: {}", request.method(), request.path(), e.getMessage());
      return AuthResult.unauthorized();
    }
  }

  /**
   * Verifies the request's token.
   *
   * @throws InvalidAccessTokenException when it is missing or fails a check
   */
  public VerifiedToken verify(TransportRequest request) throws InvalidAccessTokenException {
    String token = request.accessToken();
    if (token == null) {
      throw new InvalidAccessTokenException(
          "No access token: send 'Authorization: Bearer <token>' or the access_token query parameter.");
    }
    boolean cacheable = cacheable(request);
    if (cacheable) {
      Verified hit = verified.get(token);
      if (hit != null) {
        if (!clock.instant().isBefore(hit.token().expiresAt())) {
          if (verified.remove(token, hit)) {
            cachedUris.addAndGet(-hit.uris().size());
          }
        } else if (hit.uris().contains(request.uri())) {
          return hit.token();
        }
      }
    }
    VerifiedToken result = verifier.verify(token, request.path(), request.queryParam("hub"));
    if (cacheable && clock.instant().isBefore(result.expiresAt())) {
      if (cachedUris.get() >= MAX_CACHED) {
        verified.clear();
        cachedUris.set(0);
      }
      Verified entry = verified.computeIfAbsent(token, t -> new Verified(result, ConcurrentHashMap.newKeySet()));
      if (entry.uris().add(request.uri())) {
        cachedUris.incrementAndGet();
      }
      return entry.token();
    }
    return result;
  }

  /** REST calls with the token in the header; client connections bring a token of their own each time. */
  private static boolean cacheable(TransportRequest request) {
    String header = request.headers().get("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && request.path().startsWith("/api/");
  }

  /** Verifications remembered now (for tests). */
  int cachedVerifications() {
    return cachedUris.get();
  }
}
