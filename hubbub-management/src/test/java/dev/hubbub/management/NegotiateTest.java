package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Negotiate responses: URL, token audience, lifetime and claims, as the official SDK makes them. */
class NegotiateTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

  private static ServiceHubContext hub(String connectionString, String application, String hub) {
    return new ServiceManagerBuilder().connectionString(connectionString).applicationName(application).build()
        .createHubContext(hub);
  }

  private static JWTClaimsSet verify(NegotiationResponse r) throws Exception {
    SignedJWT jwt = SignedJWT.parse(r.accessToken());
    assertThat(jwt.verify(new MACVerifier(KEY.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    return jwt.getJWTClaimsSet();
  }

  @Test
  void anonymousClientGetsTheHubUrlAndAOneHourTokenWithoutPortInTheAudience() throws Exception {
    ServiceHubContext chat = hub("Endpoint=http://localhost:8888;AccessKey=" + KEY + ";Version=1.0;", null, "Chat");

    Instant before = Instant.now().minusSeconds(1);
    NegotiationResponse r = chat.negotiate();

    assertThat(r.url()).isEqualTo("http://localhost:8888/client/?hub=chat");
    JWTClaimsSet claims = verify(r);
    assertThat(claims.getAudience()).containsExactly("http://localhost/client/?hub=chat");
    assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofHours(1));
    assertThat(claims.getClaims().keySet()).containsExactlyInAnyOrder("nbf", "exp", "iat", "aud");
  }

  @Test
  void userIdExtraClaimsLifetimeAndSystemOptions() throws Exception {
    ServiceHubContext chat = hub("Endpoint=https://demo.service.signalr.net;AccessKey=" + KEY + ";Version=1.0;",
        null, "chat");

    NegotiationResponse r = chat.negotiate(NegotiationOptions.builder()
        .userId("alice")
        .claim("role", "admin").claim("role", "editor")
        .claim("aud", "evil")
        .tokenLifetime(Duration.ofMinutes(10))
        .diagnosticClient(true)
        .enableDetailedErrors(true)
        .closeOnAuthenticationExpiration(true)
        .build());

    assertThat(r.url()).isEqualTo("https://demo.service.signalr.net:443/client/?hub=chat");
    JWTClaimsSet claims = verify(r);
    assertThat(claims.getAudience()).containsExactly("https://demo.service.signalr.net/client/?hub=chat");
    assertThat(claims.getStringClaim("asrs.s.uid")).isEqualTo("alice");
    assertThat(claims.getStringClaim("nameid")).isEqualTo("alice");
    assertThat(claims.getStringListClaim("role")).containsExactly("admin", "editor");
    assertThat(claims.getStringClaim("asrs.u.aud")).isEqualTo("evil");
    assertThat(claims.getStringClaim("asrs.s.dc")).isEqualTo("true");
    assertThat(claims.getStringClaim("asrs.s.derror")).isEqualTo("True");
    assertThat(claims.getStringClaim("asrs.s.coae")).isEqualTo("true");
    long exp = claims.getExpirationTime().toInstant().getEpochSecond();
    assertThat(Long.parseLong(claims.getStringClaim("asrs.s.aeo"))).isBetween(exp - 1, exp + 1);
    assertThat(exp - claims.getIssueTime().toInstant().getEpochSecond()).isEqualTo(600);
  }

  @Test
  void clientEndpointAndApplicationNameShapeTheUrl() throws Exception {
    ServiceHubContext chat = hub("Endpoint=https://demo.service.signalr.net;AccessKey=" + KEY
        + ";ClientEndpoint=https://remote:8443/edge/;Version=1.0;", "MyApp", "SignalRBench");

    NegotiationResponse r = chat.negotiate();

    assertThat(chat.hubName()).isEqualTo("myapp_signalrbench");
    assertThat(r.url()).isEqualTo("https://remote:8443/edge/client/?hub=myapp_signalrbench");
    assertThat(verify(r).getAudience()).containsExactly("https://demo.service.signalr.net/client/?hub=myapp_signalrbench");
  }

  @Test
  void toJsonIsTheNegotiateBodyCamelCaseWithNullsLeftOut() {
    assertThat(new NegotiationResponse("http://x/client/?hub=a", "t\"k").toJson())
        .isEqualTo("{\"url\":\"http://x/client/?hub=a\",\"accessToken\":\"t\\\"k\"}");
    assertThat(new NegotiationResponse("http://x/client/?hub=a", null).toJson())
        .isEqualTo("{\"url\":\"http://x/client/?hub=a\"}");
    assertThat(new NegotiationResponse("u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void optionsAreValidatedAndCopied() {
    assertThatThrownBy(() -> NegotiationOptions.builder().tokenLifetime(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenLifetime");
    NegotiationOptions o = NegotiationOptions.builder().userId("u").claim("a", "1").build();
    assertThat(o.toBuilder().claim("a", "2").build().claims()).isEqualTo(Map.of("a", List.of("1", "2")));
    assertThat(o.claims()).isEqualTo(Map.of("a", List.of("1")));
  }
}
