package dev.hubbub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JWT bearer authentication and {@link Authorize} on hubs and methods, over real sockets with tokens signed as an
 * identity provider would (HMAC, and RSA keys served as a JWKS from a loopback HTTP server).
 */
class AuthorizationTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";
  private static final String ISSUER = "https://login.test";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubServer server;
  private HttpServer jwks;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  private static JWTClaimsSet.Builder claims(String sub) {
    return new JWTClaimsSet.Builder().subject(sub).issuer(ISSUER).audience("chat")
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static String hmac(JWTClaimsSet claims, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new MACSigner(secret.getBytes(UTF_8)));
    return jwt.serialize();
  }

  private static String hmac(JWTClaimsSet claims) throws Exception {
    return hmac(claims, SECRET);
  }

  private HubServer start(JwtBearerAuthenticator auth) {
    server = HubServer.builder()
        .authenticator(auth)
        .authorizationPolicy("tenantA", p -> p.claim("tenant").contains("a"))
        .hub("/members", SecureHubs.Members.class)
        .hub("/lobby", SecureHubs.Lobby.class)
        .hub("/staff", SecureHubs.Staff.class)
        .start();
    return server;
  }

  private static JwtBearerAuthenticator hmacAuth() {
    return JwtBearerAuthenticator.builder().hmacSecret(SECRET).issuer(ISSUER).audience("chat").build();
  }

  private int negotiate(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path + "/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 401) {
      assertThat(r.body()).as("an empty 401 body, which the official clients report as Unauthorized").isEmpty();
    }
    return r.statusCode();
  }

  private WsClient connect(String path, String token) throws Exception {
    return WsClient.connect(server.port(), path, "access_token=" + URLEncoder.encode(token, UTF_8), Map.of());
  }

  private static JsonNode call(WsClient c, String id, String target) throws Exception {
    c.invoke(id, target, "[]");
    return c.next();
  }

  @Test
  void aHubMarkedAuthorizeTakesOnlyValidTokens() throws Exception {
    start(hmacAuth());
    assertThat(negotiate("/members", "")).isEqualTo(401);
    assertThat(negotiate("/members", "not-a-jwt")).isEqualTo(401);
    assertThat(negotiate("/members", hmac(claims("ann").build(), "another-secret-that-is-long-enough-too!!")))
        .isEqualTo(401);
    assertThat(negotiate("/members", hmac(claims("ann")
        .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build()))).as("expired").isEqualTo(401);
    assertThat(negotiate("/members", hmac(claims("ann").issuer("https://elsewhere").build()))).isEqualTo(401);
    assertThat(negotiate("/members", hmac(claims("ann").audience("other-api").build()))).isEqualTo(401);
    assertThat(negotiate("/members", hmac(new JWTClaimsSet.Builder().subject("ann").issuer(ISSUER).audience("chat")
        .build()))).as("no exp").isEqualTo(401);
    // A token within the clock skew is fine.
    assertThat(negotiate("/members", hmac(claims("ann")
        .expirationTime(Date.from(Instant.now().minusSeconds(60))).build()))).isEqualTo(200);

    WsClient c = connect("/members", hmac(claims("ann").claim("tenant", "a").claim("role", List.of("admin", "x"))
        .build()));
    assertThat(call(c, "1", "whoAmI").get("result").asText()).isEqualTo("ann");
    c.invoke("2", "claim", "[\"role\"]");
    assertThat(c.next().get("result").asText()).isEqualTo("admin,x");
    assertThat(call(c, "3", "adminOnly").get("result").asText()).isEqualTo("admin ok");
    assertThat(call(c, "4", "tenantOnly").get("result").asText()).isEqualTo("tenant ok");
    c.close();
  }

  @Test
  void methodsMarkedAuthorizeRefuseTheCallAndKeepTheConnection() throws Exception {
    start(hmacAuth());
    WsClient plain = connect("/members", hmac(claims("bob").claim("tenant", "b").build()));
    JsonNode refused = call(plain, "1", "adminOnly");
    assertThat(refused.get("error").asText()).isEqualTo("Failed to invoke 'adminOnly' because user is unauthorized");
    assertThat(call(plain, "2", "tenantOnly").get("error").asText())
        .isEqualTo("Failed to invoke 'tenantOnly' because user is unauthorized");
    assertThat(call(plain, "3", "whoAmI").get("result").asText()).isEqualTo("bob");
    plain.close();

    // Anonymous users connect to a hub without @Authorize, and only its marked methods refuse them.
    assertThat(negotiate("/lobby", "")).isEqualTo(200);
    WsClient anonymous = WsClient.connect(server.port(), "/lobby", "", Map.of());
    assertThat(call(anonymous, "1", "open").get("result").asText()).isEqualTo("open ok");
    assertThat(call(anonymous, "2", "membersOnly").get("error").asText())
        .isEqualTo("Failed to invoke 'membersOnly' because user is unauthorized");
    anonymous.close();
    // A token that fails verification is no user, as in ASP.NET Core: the open hub serves the client anonymously.
    WsClient expired = connect("/lobby", hmac(claims("cy").expirationTime(Date.from(Instant.now().minusSeconds(3600)))
        .build()));
    assertThat(call(expired, "1", "open").get("result").asText()).isEqualTo("open ok");
    assertThat(call(expired, "2", "membersOnly").get("error").asText())
        .isEqualTo("Failed to invoke 'membersOnly' because user is unauthorized");
    expired.close();
    WsClient member = connect("/lobby", hmac(claims("cy").build()));
    assertThat(call(member, "1", "membersOnly").get("result").asText()).isEqualTo("members ok");
    member.close();
  }

  @Test
  void anAuthenticatedUserWithoutTheHubsRoleGets403() throws Exception {
    start(hmacAuth());
    assertThat(negotiate("/staff", hmac(claims("dee").build()))).isEqualTo(403);
    assertThat(negotiate("/staff", "")).isEqualTo(401);
    assertThat(negotiate("/staff", hmac(claims("dee").claim("roles", List.of("staff")).build()))).isEqualTo(200);
    // Skipping negotiate does not skip authorization.
    String token = hmac(claims("dee").build());
    assertThatThrownBy(() -> HubServerHttpTest.RawWs.open(server.port(), "/staff?access_token=" + token))
        .isInstanceOf(java.util.concurrent.ExecutionException.class);
  }

  @Test
  void keysFromAJwksUrlVerifyRsaTokens() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(UTF_8);
    jwks.createContext("/keys", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jwks.start();
    start(JwtBearerAuthenticator.builder()
        .jwkSetUri(URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys"))
        .issuer(ISSUER).build());
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
        claims("eve").build());
    jwt.sign(new RSASSASigner(key));
    assertThat(negotiate("/members", jwt.serialize())).isEqualTo(200);
    WsClient c = connect("/members", jwt.serialize());
    assertThat(call(c, "1", "whoAmI").get("result").asText()).isEqualTo("eve");
    c.close();
    // An HMAC token signed with the public key's bytes is no way in (algorithm confusion).
    assertThat(negotiate("/members", hmac(claims("mallory").build()))).isEqualTo(401);
    // A key the set does not have.
    RSAKey other = new RSAKeyGenerator(2048).keyID("k2").generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k2").build(),
        claims("mallory").build());
    forged.sign(new RSASSASigner(other));
    assertThat(negotiate("/members", forged.serialize())).isEqualTo(401);
  }

  @Test
  void refusalsAreLoggedOnceWithTheReasonAndNeverTheToken() throws Exception {
    start(hmacAuth());
    String expired = hmac(claims("ann").expirationTime(Date.from(Instant.now().minusSeconds(3600))).build());
    try (LogCapture log = LogCapture.start()) {
      assertThat(negotiate("/members", expired)).isEqualTo(401);
      List<String> lines = log.lines("Refused the bearer token");
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains("/members").containsIgnoringCase("expired").doesNotContain(expired)
          .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
    }
    assertThat(hmacAuth().toString()).doesNotContain(SECRET).contains("HMAC");
  }

  @Test
  void misconfigurationFailsAtStartWithWhatToDo() {
    assertThatThrownBy(() -> HubServer.builder().hub("/m", SecureHubs.Misconfigured.class).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nobodyRegisteredThis").hasMessageContaining("authorizationPolicy");
    assertThatThrownBy(() -> JwtBearerAuthenticator.builder().hmacSecret("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> JwtBearerAuthenticator.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> JwtBearerAuthenticator.builder().hmacSecret(SECRET)
        .jwkSetUri(URI.create("http://127.0.0.1/keys")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
  }

  @Test
  void principalsShowNoClaimValues() {
    HubPrincipal p = new HubPrincipal("ann", Map.of("tenant", List.of("secret-tenant")));
    assertThat(p.toString()).contains("ann", "tenant").doesNotContain("secret-tenant");
    assertThat(p.isAuthenticated()).isTrue();
    assertThat(HubPrincipal.ANONYMOUS.isAuthenticated()).isFalse();
    assertThat(new HubPrincipal(null, Map.of("http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        List.of("admin"))).hasRole("admin")).isTrue();
  }
}
