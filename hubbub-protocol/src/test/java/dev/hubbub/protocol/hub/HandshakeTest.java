package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeTest {
  private static final HexFormat HEX = HexFormat.of();

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonClientRequest() throws ProtocolException {
    ByteBuffer in = utf8("{\"protocol\":\"json\",\"version\":1}\u001e");
    assertThat(HandshakeRequest.tryParse(in)).isEqualTo(new HandshakeRequest("json", 1));
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void messagePackClientRequestFollowedByAPingInTheSameRead() throws ProtocolException {
    // {"protocol":"messagepack","version":2}\x1e then 02 91 06 (a framed MessagePack ping)
    byte[] handshake = "{\"protocol\":\"messagepack\",\"version\":2}\u001e".getBytes(StandardCharsets.UTF_8);
    ByteBuffer in = ByteBuffer.allocate(handshake.length + 3).put(handshake).put(HEX.parseHex("029106")).flip();
    assertThat(HandshakeRequest.tryParse(in)).isEqualTo(new HandshakeRequest("messagepack", 2));
    // what is left is the caller's: hub messages
    assertThat(in.remaining()).isEqualTo(3);
    assertThat(HubProtocols.MESSAGEPACK.parseMessages(in)).containsExactly(PingMessage.INSTANCE);
  }

  @Test
  void incompleteRequestLeavesTheBufferAlone() throws ProtocolException {
    ByteBuffer in = utf8("{\"protocol\":\"json\",");
    assertThat(HandshakeRequest.tryParse(in)).isNull();
    assertThat(in.position()).isZero();
  }

  @Test
  void unknownPropertiesAreSkipped() throws ProtocolException {
    assertThat(HandshakeRequest.tryParse(utf8("{\"x\":{\"y\":[1]},\"version\":1,\"protocol\":\"json\"}\u001e")))
        .isEqualTo(new HandshakeRequest("json", 1));
  }

  @Test
  void requestIsWrittenAsTheTypeScriptClientWritesIt() {
    assertThat(new String(new HandshakeRequest("messagepack", 1).toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"protocol\":\"messagepack\",\"version\":1}\u001e");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      no protocol          | {"version":1}                     | Missing required property 'protocol'.
      no version           | {"protocol":"json"}               | Missing required property 'version'.
      protocol a number    | {"protocol":1,"version":1}        | Expected 'protocol' to be of type String.
      version a string     | {"protocol":"json","version":"1"} | Expected 'version' to be of type Integer.
      not JSON             | protocol=json                     | Invalid handshake request JSON
      an array             | []                                | Expected the handshake request to be a JSON object.
      empty                | ``                                | Expected the handshake request to be a JSON object.
      """)
  void badRequests(String what, String json, String expected) {
    assertThatThrownBy(() -> HandshakeRequest.tryParse(utf8(json + "\u001e")))
        .as(what).isInstanceOf(ProtocolException.class).hasMessageStartingWith(expected);
  }

  @Test
  void invalidJsonRequestNamesTheProblem() {
    assertThatThrownBy(() -> HandshakeRequest.tryParse(utf8("protocol=json\u001e")))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("Invalid handshake request JSON: ");
  }

  @Test
  void requestWithoutSeparatorPastTheLimitIsTooLarge() {
    assertThatThrownBy(() -> HandshakeRequest.tryParse(utf8("{\"protocol\":\"" + "x".repeat(100)), 64))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void successResponseIsExactlyBracesAndSeparator() {
    assertThat(HEX.formatHex(HandshakeResponse.SUCCESS.toBytes())).isEqualTo("7b7d1e");
  }

  @Test
  void errorResponseIsAsciiOnly() {
    // .NET's text for an unknown protocol, with a non-ASCII name escaped for String.fromCharCode decoding
    byte[] bytes = HandshakeResponse.error("The protocol 'jsön' is not supported.").toBytes();
    assertThat(new String(bytes, StandardCharsets.US_ASCII))
        .isEqualTo("{\"error\":\"The protocol 'js\\u00F6n' is not supported.\"}\u001e");
    for (byte b : bytes) {
      assertThat(b).isNotNegative();
    }
  }

  @Test
  void responsesAreParsedWithTheRestLeftForHubMessages() throws ProtocolException {
    ByteBuffer in = utf8("{}\u001e{\"type\":6}\u001e");
    assertThat(HandshakeResponse.tryParse(in)).isEqualTo(HandshakeResponse.SUCCESS);
    assertThat(HubProtocols.JSON.parseMessages(in)).containsExactly(PingMessage.INSTANCE);
    HandshakeResponse error = HandshakeResponse.tryParse(
        utf8("{\"error\":\"The server does not support version 3 of the 'json' protocol.\"}\u001e"));
    assertThat(error.isSuccess()).isFalse();
    assertThat(error.error()).isEqualTo("The server does not support version 3 of the 'json' protocol.");
    // a minorVersion from older servers is ignored
    assertThat(HandshakeResponse.tryParse(utf8("{\"minorVersion\":1}\u001e"))).isEqualTo(HandshakeResponse.SUCCESS);
    assertThat(HandshakeResponse.tryParse(utf8("{}"))).isNull();
  }

  @Test
  void hubMessageInsteadOfAResponseIsRejected() {
    assertThatThrownBy(() -> HandshakeResponse.tryParse(utf8("{\"type\":6}\u001e")))
        .isInstanceOf(ProtocolException.class).hasMessage("Expected a handshake response from the server.");
  }

  @Test
  void protocolsAreFoundByNameIgnoringCase() {
    assertThat(HubProtocols.byName("json")).containsSame(HubProtocols.JSON);
    assertThat(HubProtocols.byName("MessagePack")).containsSame(HubProtocols.MESSAGEPACK);
    assertThat(HubProtocols.byName("xml")).isEmpty();
    HubProtocolOptions small = HubProtocolOptions.builder().maxMessageSize(10).build();
    assertThat(HubProtocols.byName("json", small).orElseThrow().options().maxMessageSize()).isEqualTo(10);
  }
}
