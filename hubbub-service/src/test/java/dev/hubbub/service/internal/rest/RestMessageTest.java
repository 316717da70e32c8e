package dev.hubbub.service.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RestMessageTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int status(ThrowingParse parse) {
    try {
      parse.run();
      throw new AssertionError("expected a RestException");
    } catch (RestException e) {
      return e.status();
    }
  }

  interface ThrowingParse {
    void run() throws RestException;
  }

  @Test
  void jsonBodyInBothCasings() throws RestException {
    RestMessage.Json a = (RestMessage.Json) RestMessage.parse("application/json; charset=utf-8",
        utf8("{\"Target\":\"send\",\"Arguments\":[1,\"x\",{\"k\":null}]}"));
    assertThat(a.target()).isEqualTo("send");
    assertThat(a.arguments().toString()).isEqualTo("[1,\"x\",{\"k\":null}]");
    RestMessage.Json b = (RestMessage.Json) RestMessage.parse(null, utf8("{\"target\":\"t\"}"));
    assertThat(b.arguments()).isEmpty();
  }

  @Test
  void binaryBodyIsAMapOfFramedMessagesByProtocol() throws RestException {
    // 82                    map(2)
    // a4 6a736f6e           "json"        -> c4 02 7b1e  bin(2) "{" 0x1E (opaque to the parser)
    // ab 6d6573736167657061636b "messagepack" -> c4 03 029106  bin(3) a framed Ping
    byte[] body = HexFormat.of().parseHex("82a46a736f6ec4027b1eab6d6573736167657061636bc403029106");
    RestMessage.PreEncoded m = (RestMessage.PreEncoded) RestMessage.parse("application/octet-stream", body);
    assertThat(m.payloads()).containsOnlyKeys("json", "messagepack");
    assertThat(HexFormat.of().formatHex(m.payloads().get("messagepack"))).isEqualTo("029106");
  }

  @Test
  void badBodiesNameTheProblem() {
    assertThatThrownBy(() -> RestMessage.parse("application/json", utf8("{not json")))
        .hasMessageStartingWith("The request body is not valid JSON");
    assertThatThrownBy(() -> RestMessage.parse("application/json", utf8("[1]")))
        .hasMessageStartingWith("The request body must be a JSON object");
    assertThatThrownBy(() -> RestMessage.parse("application/json", utf8("{\"arguments\":[]}")))
        .hasMessageContaining("'target'");
    assertThatThrownBy(() -> RestMessage.parse("application/json", utf8("{\"target\":\"t\",\"arguments\":{}}")))
        .hasMessageContaining("must be a JSON array");
    assertThatThrownBy(() -> RestMessage.parse("application/json", utf8("{\"target\":\"t\"} trailing")))
        .hasMessageStartingWith("The request body is not valid JSON");
    assertThatThrownBy(() -> RestMessage.parse("application/json", new byte[0]))
        .hasMessage("Message in request body is required.");
    assertThat(status(() -> RestMessage.parse("text/plain", utf8("x")))).isEqualTo(415);
    assertThat(status(() -> RestMessage.parse("application/json", new byte[RestMessage.MAX_BODY_SIZE + 1]))).isEqualTo(413);
  }

  @Test
  void truncatedAndLyingBinaryBodiesAre400() {
    HexFormat hex = HexFormat.of();
    // map(1) "json" bin(255) with only 2 bytes present
    assertThat(status(() -> RestMessage.parse("application/octet-stream", hex.parseHex("81a46a736f6ec4ff7b1e")))).isEqualTo(400);
    // map32 declaring 2^32-1 entries
    assertThat(status(() -> RestMessage.parse("application/octet-stream", hex.parseHex("dfffffffff")))).isEqualTo(400);
    // an array, not a map
    assertThat(status(() -> RestMessage.parse("application/octet-stream", hex.parseHex("9106")))).isEqualTo(400);
    // value is a string, not binary
    assertThat(status(() -> RestMessage.parse("application/octet-stream", hex.parseHex("81a46a736f6ea178")))).isEqualTo(400);
    // truncated in the key
    assertThat(status(() -> RestMessage.parse("application/octet-stream", hex.parseHex("81a46a73")))).isEqualTo(400);
  }
}
