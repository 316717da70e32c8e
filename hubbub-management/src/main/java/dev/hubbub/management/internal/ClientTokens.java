package dev.hubbub.management.internal;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.Audiences;
import dev.hubbub.protocol.auth.ClaimNames;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.connection.ConnectionString;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Makes what a negotiate endpoint returns: the client URL {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}
 * and a token whose audience is {@code {scheme}://{host}/client/?hub={hub}} (no port). Claims in the SDK's
 * order: system claims ({@code asrs.s.uid}, {@code asrs.s.dc}, {@code asrs.s.derror}, {@code asrs.s.coae} and
 * {@code asrs.s.aeo}), then {@code nameid} for the user id, then the caller's claims.
 */
public final class ClientTokens {
  private final ConnectionString connection;
  private final AccessTokenIssuer issuer;
  private final Clock clock;

  /** Client tokens for the service of {@code connection}, signed by {@code issuer}. */
  public ClientTokens(ConnectionString connection, AccessTokenIssuer issuer, Clock clock) {
    this.connection = connection;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * The client URL and token for one client.
   *
   * @param claims extra claims, names in insertion order
   * @return {@code [url, accessToken]}
   */
  public String[] negotiate(HubRef hub, @Nullable String userId, Map<String, List<String>> claims,
      Duration lifetime, boolean diagnosticClient, boolean enableDetailedErrors, boolean closeOnAuthExpiration) {
    String hubName = hub.serviceHubName();
    String endpoint = connection.clientEndpoint().toString();
    if (endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    String url = endpoint + "/client/?hub=" + RestRequest.encode(hubName);
    TokenClaims.Builder b = TokenClaims.builder();
    if (userId != null) {
      b.userId(userId);
    }
    if (diagnosticClient) {
      b.system(ClaimNames.DIAGNOSTIC_CLIENT, "true");
    }
    if (enableDetailedErrors) {
      b.system(ClaimNames.ENABLE_DETAILED_ERRORS, "True");
    }
    if (closeOnAuthExpiration) {
      b.system(ClaimNames.CLOSE_ON_AUTH_EXPIRATION, "true");
      b.system(ClaimNames.AUTH_EXPIRES_ON, Long.toString(clock.instant().plus(lifetime).getEpochSecond()));
    }
    if (userId != null) {
      b.nameId(userId);
    }
    claims.forEach((name, values) -> values.forEach(v -> b.claim(name, v)));
    String token = issuer.issue(Audiences.client(connection.audienceBase(), hubName), b.build(), lifetime);
    return new String[] {url, token};
  }
}
