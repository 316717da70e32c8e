package dev.hubbub.service.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.hub.HubProtocols;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What a client gets for each kind of upstream answer to its invocation {@code "7"}. */
class UpstreamReplyTest {
  private static String json(int status, String body) {
    return new String(UpstreamReply.toClient(HubProtocols.JSON, "7", status, body.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  @Test
  void aFramedAnswerIsWrittenAsItIs() {
    String framed = "{\"type\":3,\"invocationId\":\"7\",\"result\":\"ok\"}\u001e";
    assertThat(json(200, framed)).isEqualTo(framed);
    // [3,{},"7",3,"ok"] with its VarInt length 9
    byte[] msgpack = HexFormat.of().parseHex("09950380a137" + "03a26f6b");
    assertThat(UpstreamReply.toClient(HubProtocols.MESSAGEPACK, "7", 200, msgpack)).isEqualTo(msgpack);
  }

  @Test
  void emptyAndErrorAnswersAsTheEmulatorSendsThem() {
    assertThat(json(200, "")).isEqualTo("{\"type\":3,\"invocationId\":\"7\"}\u001e");
    assertThat(json(204, "")).isEqualTo("{\"type\":3,\"invocationId\":\"7\"}\u001e");
    assertThat(json(404, "nope")).isEqualTo(
        "{\"type\":3,\"invocationId\":\"7\",\"error\":\"Invocation failed, status code 404\"}\u001e");
  }

  @Test
  void anAnswerThatIsNotAFramedMessageOfTheClientsProtocolIsAnError() {
    // Found by UpstreamReplyFuzzTest: an unframed JSON message (no 0x1E) went to the client as it was, leaving
    // its stream inside a message, so the next message it received was glued to it and the connection broke.
    assertThat(json(200, "{\"type\":3,\"invocationId\":\"7\",\"result\":1}")).isEqualTo(
        "{\"type\":3,\"invocationId\":\"7\",\"error\":\"Invocation failed, the upstream's answer is not a framed"
            + " json hub message: Incomplete message: the input ends inside a json hub message.\"}\u001e");
    assertThat(json(200, "hello")).startsWith(
        "{\"type\":3,\"invocationId\":\"7\",\"error\":\"Invocation failed, the upstream's answer is not a framed json");
    // a JSON answer to a MessagePack client
    byte[] reply = UpstreamReply.toClient(HubProtocols.MESSAGEPACK, "7", 200,
        "{\"type\":3,\"invocationId\":\"7\"}\u001e".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(reply, StandardCharsets.UTF_8)).contains("Invocation failed, the upstream's answer is not a"
        + " framed messagepack hub message");
  }
}
