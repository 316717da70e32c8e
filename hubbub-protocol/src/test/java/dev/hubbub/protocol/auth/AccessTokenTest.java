package dev.hubbub.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
  private static final String KEY = ConnectionString.EMULATOR_ACCESS_KEY;
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String CHAT_CLIENT_AUD = "http://localhost/client/?hub=chat";

  private final AccessTokenIssuer issuer = AccessTokenIssuer.builder(KEY).clock(CLOCK).build();
  private final AccessTokenVerifier verifier = AccessTokenVerifier.builder(KEY).clock(CLOCK).build();

  private static String json(String token, int part) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[part]), StandardCharsets.UTF_8);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(String alg, String key, String header, String payload) throws Exception {
    String input = b64(header) + "." + b64(payload);
    Mac mac = Mac.getInstance("HmacSHA" + alg.substring(2));
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
    return input + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void exactTokenVector() {
    // HS256 keyed by the UTF-8 bytes of the emulator key; claims first, then nbf, exp, iat, aud; no iss.
    String token = issuer.issue(CHAT_CLIENT_AUD,
        TokenClaims.builder().userId("u1").claim("role", "a").claim("role", "b").build());
    assertThat(json(token, 0)).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    assertThat(json(token, 1)).isEqualTo("{\"asrs.s.uid\":\"u1\",\"role\":[\"a\",\"b\"],\"nbf\":1700000000,"
        + "\"exp\":1700003600,\"iat\":1700000000,\"aud\":\"http://localhost/client/?hub=chat\"}");
    // computed independently with Python's hmac module
    assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhc3JzLnMudWlkIjoidTEiLCJyb2xlIjpbImEiLCJiIl0s"
        + "Im5iZiI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwLCJpYXQiOjE3MDAwMDAwMDAsImF1ZCI6Imh0dHA6Ly9sb2NhbGhvc3QvY2xpZW50Lz9odWI9Y2hhdCJ9"
        + ".12LbXfIga6G-NdlKwXX_Fp7-hWesusieZmkp_volyhg");
  }

  @Test
  void keyIdAndOtherAlgorithms() throws Exception {
    String longKey = KEY + KEY; // 88 bytes, enough for HS512
    String token = AccessTokenIssuer.builder(longKey).algorithm(TokenAlgorithm.HS512).keyId("k1").clock(CLOCK)
        .lifetime(Duration.ofMinutes(5)).build().issue("http://h/server/?hub=chat", TokenClaims.NONE);
    assertThat(json(token, 0)).isEqualTo("{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
    assertThat(json(token, 1)).isEqualTo("{\"nbf\":1700000000,\"exp\":1700000300,\"iat\":1700000000,"
        + "\"aud\":\"http://h/server/?hub=chat\"}");
    VerifiedToken verified = AccessTokenVerifier.builder(longKey).clock(CLOCK).build().verify(token);
    assertThat(verified.algorithm()).isEqualTo(TokenAlgorithm.HS512);
    assertThat(verified.keyId()).isEqualTo("k1");
    assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    // HS384 verified too; HS512 made by another SDK with the 44-byte emulator key still verifies
    String hs384 = sign("HS384", KEY, "{\"alg\":\"HS384\",\"typ\":\"JWT\"}", "{\"exp\":1700000100}");
    assertThat(verifier.verify(hs384).algorithm()).isEqualTo(TokenAlgorithm.HS384);
    String hs512 = sign("HS512", KEY, "{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"-12345\"}", "{\"exp\":1700000100}");
    assertThat(verifier.verify(hs512).keyId()).isEqualTo("-12345");
  }

  @Test
  void issuerFromConnectionString() throws Exception {
    ConnectionString cs = ConnectionString.emulator(8888);
    String token = AccessTokenIssuer.builder(cs).clock(CLOCK).build()
        .issue(Audiences.server(cs, null, "Chat"), TokenClaims.builder().nameId("server1").build());
    VerifiedToken verified = verifier.verify(token, URI.create("ws://localhost:8888/server/?hub=chat&cid=x"));
    assertThat(verified.userId()).contains("server1");
    assertThatThrownBy(() -> AccessTokenIssuer.builder(ConnectionString.parse("Endpoint=https://a;AuthType=azure")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no AccessKey");
  }

  @Test
  void shortKeysAreRejectedClearly() {
    assertThatThrownBy(() -> AccessTokenIssuer.builder("short").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The access key is 5 bytes long; HS256 needs at least 32 bytes. Use a longer AccessKey.");
    assertThatThrownBy(() -> AccessTokenIssuer.builder(KEY).algorithm(TokenAlgorithm.HS512).build())
        .hasMessage("The access key is 44 bytes long; HS512 needs at least 64 bytes. Use a longer AccessKey or HS256.");
  }

  @Test
  void verifiedClaimsAndUserId() throws Exception {
    String token = issuer.issue(CHAT_CLIENT_AUD, TokenClaims.builder().userId("u1").nameId("n1")
        .system(ClaimNames.HTTP_TRANSPORT_TYPE, "5").claim("role", "a").claim("role", "b").build());
    VerifiedToken verified = verifier.verify(token, URI.create("http://localhost:8888/client/?hub=chat"));
    assertThat(verified.userId()).contains("u1");
    assertThat(verified.claims()).containsKeys("asrs.s.uid", "nameid", "asrs.s.htt", "role", "nbf", "exp", "iat", "aud");
    assertThat(verified.claimValues("role")).containsExactly("a", "b");
    assertThat(verified.claim("exp")).contains("1700003600");
    assertThat(verified.audiences()).containsExactly(CHAT_CLIENT_AUD);
    assertThat(verifier.verify(issuer.issue("a", TokenClaims.builder().nameId("n1").claim("sub", "s").build()))
        .userId()).contains("n1");
    assertThat(verifier.verify(issuer.issue("a", TokenClaims.builder().claim("sub", "s").build())).userId())
        .contains("s");
    assertThat(verifier.verify(issuer.issue("a", TokenClaims.NONE)).userId()).isEmpty();
    // non-string JSON values are given in their JSON text
    String odd = sign("HS256", KEY, "{\"alg\":\"HS256\"}",
        "{\"exp\":1700000100,\"b\":true,\"n\":1.5,\"o\":{\"x\":1},\"z\":null,\"aud\":[\"x\",\"y\"]}");
    VerifiedToken v = verifier.verify(odd);
    assertThat(v.claim("b")).contains("true");
    assertThat(v.claim("n")).contains("1.5");
    assertThat(v.claim("o")).contains("{\"x\":1}");
    assertThat(v.claim("z")).contains("null");
    assertThat(v.audiences()).containsExactly("x", "y");
  }

  @Test
  void collidingUserClaimsArePrefixed() {
    TokenClaims claims = TokenClaims.builder().claim("aud", "x").claim("exp", "1").claim("iat", "1")
        .claim("nbf", "1").claim("iss", "i").claim("actort", "a").claim("acr", "a").claim("azp", "a")
        .claim("c_hash", "c").claim("jti", "j").claim("nonce", "n").claim("sub", "s1").claim("sub", "s2").build();
    assertThat(claims.values().keySet()).containsExactly("asrs.u.aud", "asrs.u.exp", "asrs.u.iat", "asrs.u.nbf",
        "asrs.u.iss", "asrs.u.actort", "asrs.u.acr", "asrs.u.azp", "asrs.u.c_hash", "asrs.u.jti", "asrs.u.nonce",
        "sub", "asrs.u.sub");
    assertThat(claims.first("sub")).contains("s1");
    String payload = json(issuer.issue("a", claims), 1);
    assertThat(payload).startsWith("{\"asrs.u.aud\":\"x\",").endsWith("\"nbf\":1700000000,\"exp\":1700003600,"
        + "\"iat\":1700000000,\"aud\":\"a\"}");
    assertThatThrownBy(() -> TokenClaims.builder().system("role", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fourKilobyteLimit() {
    assertThatThrownBy(() -> issuer.issue("a", TokenClaims.builder().claim("big", "x".repeat(3000)).build()))
        .isInstanceOf(AccessTokenTooLongException.class)
        .hasMessage("AccessToken must not be longer than 4K.");
    // just under the limit passes
    String token = issuer.issue("a", TokenClaims.builder().claim("big", "x".repeat(2800)).build());
    assertThat(token.length()).isLessThanOrEqualTo(4096);
  }

  @Test
  void expiryAndSkew() throws Exception {
    String token = issuer.issue("a", TokenClaims.NONE, Duration.ofMinutes(1)); // exp = NOW + 60 s
    Clock late = Clock.fixed(NOW.plusSeconds(60 + 300), ZoneOffset.UTC);
    assertThat(AccessTokenVerifier.builder(KEY).clock(late).build().verify(token).expiresAt())
        .isEqualTo(NOW.plusSeconds(60));
    Clock tooLate = Clock.fixed(NOW.plusSeconds(60 + 301), ZoneOffset.UTC);
    assertThatThrownBy(() -> AccessTokenVerifier.builder(KEY).clock(tooLate).build().verify(token))
        .isInstanceOf(InvalidAccessTokenException.class)
        .hasMessageStartingWith("Access token expired at 2023-11-14T22:14:20Z");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(KEY).clock(late).clockSkew(Duration.ZERO).build()
        .verify(token)).hasMessageContaining("expired");
    assertThat(AccessTokenVerifier.builder(KEY).clock(tooLate).checkLifetime(false).build().verify(token))
        .isNotNull();
    Clock early = Clock.fixed(NOW.minusSeconds(301), ZoneOffset.UTC);
    assertThatThrownBy(() -> AccessTokenVerifier.builder(KEY).clock(early).build().verify(token))
        .hasMessageStartingWith("Access token is not valid before");
  }

  @Test
  void expIsRequiredAndMustBeNumeric() throws Exception {
    assertThatThrownBy(() -> verifier.verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"aud\":\"a\"}")))
        .isInstanceOf(InvalidAccessTokenException.class).hasMessage("Access token has no exp claim.");
    assertThatThrownBy(() -> verifier.verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":\"soon\"}")))
        .hasMessage("Access token claim exp is not a number of seconds.");
    assertThatThrownBy(() -> AccessTokenVerifier.builder(KEY).checkLifetime(false).build()
        .verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{}"))).hasMessage("Access token has no exp claim.");
  }

  @Test
  void wrongKeyFailsAndSecondaryKeyWorks() throws Exception {
    String token = issuer.issue("a", TokenClaims.NONE);
    AccessTokenVerifier other = AccessTokenVerifier.builder("ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210ZYXWVUTS")
        .clock(CLOCK).build();
    assertThatThrownBy(() -> other.verify(token)).isInstanceOf(InvalidAccessTokenException.class)
        .hasMessage("Access token signature does not match any access key.")
        .satisfies(e -> assertThat(((InvalidAccessTokenException) e).httpStatus()).isEqualTo(401));
    AccessTokenVerifier both = AccessTokenVerifier.builder("ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210ZYXWVUTS").key(KEY)
        .clock(CLOCK).build();
    assertThat(both.verify(token)).isNotNull();
    // a tampered payload fails
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + b64("{\"exp\":99999999999}") + "." + parts[2];
    assertThatThrownBy(() -> verifier.verify(tampered)).hasMessageContaining("signature");
  }

  @Test
  void oneVerifierChecksTokensFromManyThreadsAtOnce() throws Exception {
    // The verifier keeps initialised MACs and works on clones of them: concurrent checks must not mix states.
    AccessTokenVerifier both = AccessTokenVerifier.builder("ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210ZYXWVUTS").key(KEY)
        .clock(CLOCK).build();
    String good = issuer.issue(CHAT_CLIENT_AUD, TokenClaims.builder().userId("u1").build());
    String[] parts = good.split("\\.");
    String bad = parts[0] + "." + b64("{\"exp\":1700000100}") + "." + parts[2];
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          int passed = 0;
          for (int i = 0; i < 2_000; i++) {
            if (both.verify(good).userId().orElseThrow().equals("u1")) {
              passed++;
            }
            assertThatThrownBy(() -> both.verify(bad)).hasMessageContaining("signature");
          }
          return passed;
        }));
      }
      for (java.util.concurrent.Future<Integer> r : results) {
        assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noneAndAsymmetricAlgorithmsAreRejected() throws Exception {
    String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"exp\":1700000100}") + ".";
    assertThatThrownBy(() -> verifier.verify(none)).isInstanceOf(InvalidAccessTokenException.class)
        .hasMessageStartingWith("Access token is not a signed JWT");
    // RS256 header with an HMAC signature under the access key (the classic confusion attack)
    String rs256 = sign("HS256", KEY, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{\"exp\":1700000100}");
    assertThatThrownBy(() -> verifier.verify(rs256))
        .hasMessage("Access token algorithm RS256 is not accepted; use HS256, HS384 or HS512.");
    String crit = sign("HS256", KEY, "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}", "{\"exp\":1700000100}");
    assertThatThrownBy(() -> verifier.verify(crit)).isInstanceOf(InvalidAccessTokenException.class)
        .hasMessageContaining("critical header parameters");
    String es256 = sign("HS256", KEY, "{\"alg\":\"ES256\"}", "{\"exp\":1700000100}");
    assertThatThrownBy(() -> verifier.verify(es256)).hasMessageContaining("ES256 is not accepted");
  }

  @Test
  void garbageAndTruncatedTokens() throws Exception {
    String token = issuer.issue("a", TokenClaims.NONE);
    for (String bad : List.of("", "x", "a.b", "a.b.c", "...", token.substring(0, token.length() - 3),
        token.substring(0, token.lastIndexOf('.')), token.substring(0, 20), "€.€.€",
        b64("[1]") + "." + b64("{}") + ".AA", b64("{\"alg\":\"HS256\"}") + ".!!!.AA")) {
      assertThatThrownBy(() -> verifier.verify(bad)).as(bad).isInstanceOf(InvalidAccessTokenException.class);
    }
    // a signed payload that is not an object
    assertThatThrownBy(() -> verifier.verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}", "[1,2]")))
        .hasMessageStartingWith("Access token payload is not");
    assertThatThrownBy(() -> verifier.verify("a".repeat(20_000)))
        .hasMessage("Access token is 20000 characters long; at most 16384 are accepted.");
  }

  @Test
  void audiencesAreBuiltWithoutPortAndLowerCased() {
    ConnectionString cs = ConnectionString.parse("Endpoint=http://localhost;Port=8888;AccessKey=" + KEY);
    assertThat(Audiences.client(cs, null, "Chat")).isEqualTo("http://localhost/client/?hub=chat");
    assertThat(Audiences.server(cs, "MyApp", "Chat")).isEqualTo("http://localhost/server/?hub=myapp_chat");
    assertThat(Audiences.hubName("", "Chat")).isEqualTo("chat");
    assertThat(Audiences.rest(URI.create("https://x.service.signalr.net:443/api/v1/hubs/myhub?api-version=1")))
        .isEqualTo("https://x.service.signalr.net/api/v1/hubs/myhub");
  }

  @Test
  void audienceIsComparedByPathOnly() throws Exception {
    String client = issuer.issue(CHAT_CLIENT_AUD, TokenClaims.NONE);
    verifier.verify(client, URI.create("http://localhost:8888/client/?hub=chat"));
    verifier.verify(client, URI.create("https://proxy.example:443/client/negotiate?hub=Chat&negotiateVersion=1"));
    verifier.verify(client, URI.create("http://localhost:8888/client?hub=chat&asrs_request_id=x"));
    assertThatThrownBy(() -> verifier.verify(client, URI.create("http://localhost:8888/client/?hub=other")))
        .isInstanceOf(InvalidAccessTokenException.class).hasMessageContaining("does not match the request path /client/");
    assertThatThrownBy(() -> verifier.verify(client, URI.create("http://localhost:8888/server/?hub=chat")))
        .isInstanceOf(InvalidAccessTokenException.class);
    assertThatThrownBy(() -> verifier.verify(client, URI.create("http://localhost:8888/clientx/?hub=chat")))
        .isInstanceOf(InvalidAccessTokenException.class);

    // REST: documented audience (no query), 1.25 management audience (with query), /api/v1 vs /api
    String docs = issuer.issue("https://x.service.signalr.net/api/v1/hubs/myhub", TokenClaims.NONE);
    verifier.verify(docs, URI.create("http://localhost:8888/api/v1/hubs/myhub/users/u1"));
    verifier.verify(docs, URI.create("http://localhost:8888/api/hubs/myhub/:send?api-version=2022-06-01"));
    assertThatThrownBy(() -> verifier.verify(docs, URI.create("http://localhost:8888/api/hubs/myhub2/:send")))
        .isInstanceOf(InvalidAccessTokenException.class);
    String mgmt = issuer.issue("http://localhost/api/hubs/chat/:send?api-version=2022-06-01", TokenClaims.NONE);
    verifier.verify(mgmt, URI.create("http://localhost:8888/api/hubs/chat/:send?api-version=2022-06-01"));
    String any = issuer.issue("https://signalr.azure.com", TokenClaims.NONE);
    assertThatThrownBy(() -> verifier.verify(any, URI.create("http://localhost/api/hubs/chat")))
        .isInstanceOf(InvalidAccessTokenException.class);
    String noAud = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":1700000100}");
    assertThatThrownBy(() -> verifier.verify(noAud, URI.create("http://localhost/client/")))
        .hasMessage("Access token has no aud claim.");
  }

  @Test
  void claimsOfEveryJsonKindReadAsATreeReadsThem() throws Exception {
    // The verifier reads the payload field by field; a tree of the whole payload is the oracle.
    String payload = "{\"exp\":1700000100,\"s\":\"x\\u00e9\",\"i\":-5,\"l\":12345678901,"
        + "\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1e3,\"t\":true,\"no\":false,\"n\":null,"
        + "\"a\":[1,\"b\",{\"c\":2},[3],null,2.5],\"o\":{\"k\":\"v\",\"z\":[1]},\"dup\":1,\"aud\":[\"u\"],\"dup\":\"2\"}";
    VerifiedToken token = verifier.verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}", payload));
    com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
    java.util.Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
    for (var field : tree.properties()) {
      List<String> values = new java.util.ArrayList<>();
      if (field.getValue().isArray()) {
        field.getValue().forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
      } else {
        values.add(field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
      }
      expected.put(field.getKey(), values);
    }
    assertThat(token.claims()).containsExactlyEntriesOf(expected);
    assertThat(token.claims().get("dup")).containsExactly("2");
    assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1700000100));
    // exp as a whole number too large for a long, as a float and as text
    for (String exp : List.of("123456789012345678901234567890", "1700000100.0", "\"1700000100\"", "true")) {
      String bad = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":" + exp + "}");
      if (exp.equals("1700000100.0")) {
        assertThat(verifier.verify(bad).expiresAt()).isEqualTo(Instant.ofEpochSecond(1700000100));
      } else {
        assertThatThrownBy(() -> verifier.verify(bad)).as(exp).isInstanceOf(InvalidAccessTokenException.class)
            .hasMessage("Access token claim exp is not a number of seconds.");
      }
    }
  }

  @Test
  void moreDistinctHeadersAndAudiencesThanTheVerifierRemembersStillVerify() throws Exception {
    // The verifier remembers parsed headers and audiences, each up to a bound, and forgets all when full: past
    // the bound every token still verifies with its own header and audience, and a bad one still fails.
    int n = Math.max(AccessTokenVerifier.MAX_HEADERS, AccessTokenVerifier.MAX_AUDIENCES) * 3;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        String token = sign("HS256", KEY, "{\"alg\":\"HS256\",\"kid\":\"k" + i + "\"}",
            "{\"exp\":1700000100,\"aud\":\"http://localhost/client/?hub=h" + i + "\"}");
        VerifiedToken verified = verifier.verify(token, URI.create("http://localhost:8888/client/?hub=h" + i));
        assertThat(verified.keyId()).isEqualTo("k" + i);
        int other = (i + 1) % n;
        assertThatThrownBy(() -> verifier.verify(token, URI.create("http://localhost:8888/client/?hub=h" + other)))
            .isInstanceOf(InvalidAccessTokenException.class).hasMessageContaining("does not match");
      }
    }
    String none = b64("{\"alg\":\"none\"}") + "." + b64("{\"exp\":1700000100}") + ".";
    assertThatThrownBy(() -> verifier.verify(none)).hasMessageStartingWith("Access token is not a signed JWT");
  }

  @Test
  void paddedPartsAndOverlongSignatures() throws Exception {
    String token = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":1700000100,\"x\":\"abc\"}");
    String[] parts = token.split("\\.");
    Base64.Encoder padded = Base64.getUrlEncoder();
    // the same token with its parts padded, as the JDK's decoder (and so the verifier) accepts them
    String payloadPadded = padded.encodeToString(Base64.getUrlDecoder().decode(parts[1]));
    String signaturePadded = padded.encodeToString(Base64.getUrlDecoder().decode(parts[2]));
    assertThat(signaturePadded).endsWith("=");
    assertThat(payloadPadded).endsWith("==");
    assertThat(verifier.verify(parts[0] + "." + parts[1] + "." + signaturePadded).claim("x")).contains("abc");
    // a padded payload changes the signing input: refused by its signature, not by its encoding
    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + payloadPadded + "." + parts[2]))
        .hasMessage("Access token signature does not match any access key.");
    // a signature longer than any MAC (the right one with more after it), and padding in the wrong place
    String longer = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(Base64.getUrlDecoder().decode(parts[2]), 200));
    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + "." + longer))
        .hasMessage("Access token signature does not match any access key.");
    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + ".=" + parts[2]))
        .hasMessage("Access token signature is not Base64URL.");
    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + "=x." + parts[2]))
        .hasMessage("Access token signature does not match any access key.");
    String badPayload = b64("{\"alg\":\"HS256\"}") + ".e30=x";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signed = badPayload + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(badPayload.getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> verifier.verify(signed)).hasMessage("Access token payload is not Base64URL.");
  }

  @Test
  void lifetimeBoundariesToTheNanosecond() throws Exception {
    String token = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":1700000100,\"nbf\":1700000000}");
    Duration skew = Duration.ofSeconds(2, 500);
    java.util.function.Function<Instant, AccessTokenVerifier> at = now ->
        AccessTokenVerifier.builder(KEY).clock(Clock.fixed(now, ZoneOffset.UTC)).clockSkew(skew).build();
    Instant lastValid = Instant.ofEpochSecond(1700000102, 500);
    assertThat(at.apply(lastValid).verify(token).expiresAt()).isEqualTo(Instant.ofEpochSecond(1700000100));
    assertThatThrownBy(() -> at.apply(lastValid.plusNanos(1)).verify(token)).hasMessageStartingWith(
        "Access token expired at 2023-11-14T22:15:00Z (now 2023-11-14T22:15:02.000000501Z, skew 2s).");
    // now + skew must reach nbf: 1699999997.999999500 + 2.000000500 = 1700000000 exactly
    Instant firstValid = Instant.ofEpochSecond(1699999997, 999_999_500);
    assertThat(at.apply(firstValid).verify(token)).isNotNull();
    assertThatThrownBy(() -> at.apply(firstValid.minusNanos(1)).verify(token))
        .hasMessageStartingWith("Access token is not valid before 2023-11-14T22:13:20Z");
    // a skew too large to add to exp never expires a token, and fails nothing else
    AccessTokenVerifier lenient = AccessTokenVerifier.builder(KEY).clock(CLOCK)
        .clockSkew(Duration.ofSeconds(Long.MAX_VALUE)).build();
    assertThat(lenient.verify(token)).isNotNull();
    // nbf that is not a number fails only when lifetimes are checked, as before
    String badNbf = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":1700000100,\"nbf\":\"soon\"}");
    assertThatThrownBy(() -> verifier.verify(badNbf)).hasMessage("Access token claim nbf is not a number of seconds.");
    assertThat(AccessTokenVerifier.builder(KEY).clock(CLOCK).checkLifetime(false).build().verify(badNbf)).isNotNull();
    String farExp = sign("HS256", KEY, "{\"alg\":\"HS256\"}", "{\"exp\":9223372036854775807}");
    assertThatThrownBy(() -> verifier.verify(farExp)).hasMessage("Access token claim exp is out of range.");
  }

  @Test
  void verifiedClaimsCannotBeChanged() throws Exception {
    VerifiedToken token = verifier.verify(sign("HS256", KEY, "{\"alg\":\"HS256\"}",
        "{\"exp\":1700000100,\"a\":[1,2],\"s\":\"x\"}"));
    assertThat(token.claims()).containsOnlyKeys("exp", "a", "s");
    assertThatThrownBy(() -> token.claims().put("s", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> token.claims().remove("s")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> token.claims().entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> token.claims().get("a").add("3")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> token.claims().entrySet().iterator().next().setValue(List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    // a token made from any other map copies it, and the two are equal
    VerifiedToken copy = new VerifiedToken(token.algorithm(), token.keyId(), new java.util.LinkedHashMap<>(token.claims()),
        token.audiences(), token.expiresAt());
    assertThat(copy).isEqualTo(token);
    assertThat(copy.claims()).isNotSameAs(token.claims());
  }
}
