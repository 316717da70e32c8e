package dev.hubbub.protocol.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Any token text verifies or fails with InvalidAccessTokenException: nothing else escapes. */
class AccessTokenVerifierFuzzTest {
  private static final String KEY = ConnectionString.EMULATOR_ACCESS_KEY;
  private static final AccessTokenVerifier VERIFIER = AccessTokenVerifier.builder(KEY).build();
  private static final String[] ALGS = {"HS256", "HS384", "HS512", "none", "RS256", "hs256", ""};

  @FuzzTest(maxDuration = "10s")
  void verify(FuzzedDataProvider data) throws Exception {
    URI request = URI.create(data.pickValue(new String[] {"http://localhost:8888/client/?hub=chat",
        "http://h/api/v1/hubs/chat/users/u", "http://h/server/?hub=chat", "http://h"}));
    String token;
    if (data.consumeBoolean()) {
      // Structured: real JSON, often correctly signed, so parsing reaches the claim and audience checks.
      String alg = data.consumeBoolean() ? data.pickValue(ALGS) : data.consumeString(8);
      String header = "{\"alg\":\"" + alg + "\"" + (data.consumeBoolean() ? ",\"kid\":\"" + data.consumeString(8) + "\"" : "")
          + (data.consumeBoolean() ? ",\"crit\":[\"x\"]" : "") + "}";
      String payload = data.consumeBoolean()
          ? "{\"exp\":" + data.consumeLong() + ",\"nbf\":" + data.consumeLong() + ",\"aud\":"
              + (data.consumeBoolean() ? "\"" + data.consumeString(60) + "\"" : "[\"" + data.consumeString(30) + "\"]")
              + ",\"x\":" + data.consumeString(30) + "}"
          : data.consumeString(300);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
          + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
      String signature;
      if (data.consumeBoolean() && java.util.Set.of("HS256", "HS384", "HS512").contains(alg)) {
        Mac mac = Mac.getInstance("HmacSHA" + alg.substring(2));
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), mac.getAlgorithm()));
        signature = b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
      } else {
        signature = data.consumeRemainingAsAsciiString();
      }
      token = input + "." + signature;
    } else {
      token = data.consumeRemainingAsString();
    }
    try {
      VERIFIER.verify(token, request);
    } catch (InvalidAccessTokenException expected) {
      // reported, never crashes
    }
  }
}
