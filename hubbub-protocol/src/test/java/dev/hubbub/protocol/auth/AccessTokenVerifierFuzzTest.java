package dev.hubbub.protocol.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Any token text verifies or fails with InvalidAccessTokenException: nothing else escapes. */
class AccessTokenVerifierFuzzTest {
  private static final AccessTokenVerifier VERIFIER =
      AccessTokenVerifier.builder(ConnectionString.EMULATOR_ACCESS_KEY).build();
  private static final URI REQUEST = URI.create("http://localhost:8888/client/?hub=chat");

  @FuzzTest(maxDuration = "10s")
  void verify(FuzzedDataProvider data) {
    String token;
    if (data.consumeBoolean()) {
      // structured: base64url header and payload JSON, so parsing gets past the first checks
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      token = b64.encodeToString(data.consumeString(200).getBytes(StandardCharsets.UTF_8)) + "."
          + b64.encodeToString(data.consumeString(400).getBytes(StandardCharsets.UTF_8)) + "."
          + data.consumeRemainingAsAsciiString();
    } else {
      token = data.consumeRemainingAsString();
    }
    try {
      VERIFIER.verify(token, REQUEST);
    } catch (InvalidAccessTokenException expected) {
      // reported, never crashes
    }
  }
}
