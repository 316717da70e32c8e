package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON decoding of what real clients send, and of bad input. */
class JsonHubProtocolTest {
  private final JsonHubProtocol protocol = new JsonHubProtocol();

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private HubMessage parse(String json) throws ProtocolException {
    return protocol.parseMessage(utf8(json));
  }

  @Test
  void nameVersionAndFormat() {
    assertThat(protocol.name()).isEqualTo("json");
    assertThat(protocol.version()).isEqualTo(2);
    assertThat(protocol.transferFormat()).isEqualTo(TransferFormat.TEXT);
  }

  @Test
  void capturedTypeScriptFramesInOneRead() throws ProtocolException {
    // the 10.0.11 client's frames after the handshake (signalr-protocol.md §2.9), keys in its order
    List<HubMessage> messages = protocol.parseMessages(utf8(
        "{\"type\":6}\u001e"
        + "{\"target\":\"Echo\",\"arguments\":[\"hi\"],\"invocationId\":\"0\",\"type\":1}\u001e"
        + "{\"target\":\"CallMe\",\"arguments\":[],\"type\":1}\u001e"
        + "{\"invocationId\":\"s1\",\"result\":42,\"type\":3}\u001e"
        + "{\"type\":7}\u001e"));
    assertThat(messages).hasSize(5);
    assertThat(messages.get(0)).isSameAs(PingMessage.INSTANCE);
    InvocationMessage echo = (InvocationMessage) messages.get(1);
    assertThat(echo.invocationId()).isEqualTo("0");
    assertThat(echo.target()).isEqualTo("Echo");
    assertThat(echo.arguments().get(0).toJsonString()).isEqualTo("\"hi\"");
    InvocationMessage send = (InvocationMessage) messages.get(2);
    assertThat(send.invocationId()).isNull();
    assertThat(send.arguments().isEmpty()).isTrue();
    CompletionMessage result = (CompletionMessage) messages.get(3);
    assertThat(result.kind()).isEqualTo(CompletionMessage.Kind.RESULT);
    assertThat((Integer) result.result().bind(int.class, protocol.options().mapper())).isEqualTo(42);
    assertThat(messages.get(4)).isEqualTo(CloseMessage.EMPTY);
  }

  @Test
  void argumentsBeforeTypeAndWhitespaceAnywhere() throws ProtocolException {
    // .NET parses arguments before type (it buffers); the raw slices keep the argument text exactly
    InvocationMessage m = (InvocationMessage) parse(
        " { \"arguments\" : [ 1 , \"a\\u00e9\" , {\"x\": [true, null]} , -2.5e3 ] , \"target\":\"m\", \"type\" : 1 } ");
    assertThat(m.arguments().values()).extracting(RawValue::toJsonString)
        .containsExactly("1", "\"a\\u00e9\"", "{\"x\": [true, null]}", "-2.5e3");
    assertThat(new String(protocol.writeUnframed(m), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[1,\"a\\u00e9\",{\"x\": [true, null]},-2.5e3]}");
  }

  @Test
  void unknownPropertiesAreSkipped() throws ProtocolException {
    assertThat(parse("{\"type\":6,\"foo\":{\"bar\":[1,{\"baz\":2}]},\"qux\":null}")).isSameAs(PingMessage.INSTANCE);
  }

  @Test
  void unknownMessageTypeIsSkipped() throws ProtocolException {
    assertThat(parse("{\"type\":99,\"target\":\"x\"}")).isNull();
    assertThat(protocol.parseMessages(utf8("{\"type\":6}\u001e{\"type\":10}\u001e{\"type\":6}\u001e")))
        .containsExactly(PingMessage.INSTANCE, PingMessage.INSTANCE);
  }

  @Test
  void headersAreReadAndWritten() throws ProtocolException {
    HubMessage m = parse("{\"type\":5,\"invocationId\":\"1\",\"headers\":{\"k\":\"v\",\"k2\":\"v2\"}}");
    assertThat(m).isEqualTo(new CancelInvocationMessage(Map.of("k", "v", "k2", "v2"), "1"));
    assertThat(new String(protocol.writeUnframed(m), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":5,\"headers\":{\"k\":\"v\",\"k2\":\"v2\"},\"invocationId\":\"1\"}");
  }

  @Test
  void nullErrorAndNullInvocationIdAreAbsent() throws ProtocolException {
    assertThat(parse("{\"type\":3,\"invocationId\":\"1\",\"error\":null}")).isEqualTo(CompletionMessage.empty("1"));
    assertThat(((InvocationMessage) parse("{\"type\":1,\"invocationId\":null,\"target\":\"m\",\"arguments\":[]}"))
        .invocationId()).isNull();
  }

  @Test
  void messageOverTheLimitIsRejected() {
    JsonHubProtocol small = new JsonHubProtocol(HubProtocolOptions.builder().maxMessageSize(8).build());
    assertThatThrownBy(() -> small.parseMessage(utf8("{\"type\":6,\"x\":1}")))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> small.parseMessages(utf8("{\"type\":6,\"x\":1}")))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void incompleteFramedInputIsAnError() {
    assertThatThrownBy(() -> protocol.parseMessages(utf8("{\"type\":6}\u001e{\"type\":6}")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("Incomplete message");
  }

  @Test
  void invalidUtf8InAnArgumentIsRejectedWhenParsed() {
    byte[] bad = "{\"type\":1,\"target\":\"m\",\"arguments\":[\"\u0000\"]}".getBytes(StandardCharsets.UTF_8);
    bad[bad.length - 4] = (byte) 0xff;
    assertThatThrownBy(() -> protocol.parseMessage(ByteBuffer.wrap(bad)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("Invalid JSON in hub message");
  }

  @Test
  void utf16AndByteOrderMarksAreRejected() {
    // "{}" in UTF-16BE (Jackson would auto-detect it) and with a UTF-8 BOM: slices need UTF-8 byte offsets
    for (String hex : List.of("007b007d", "feff007b007d", "efbbbf7b2274797065223a367d")) {
      assertThatThrownBy(() -> protocol.parseMessage(ByteBuffer.wrap(java.util.HexFormat.of().parseHex(hex))))
          .isInstanceOf(ProtocolException.class).hasMessage("JSON must be UTF-8 without a byte order mark.");
    }
  }

  @Test
  void deeplyNestedArgumentIsRejected() {
    String nested = "[".repeat(100) + "]".repeat(100);
    assertThatThrownBy(() -> parse("{\"type\":1,\"target\":\"m\",\"arguments\":[" + nested + "]}"))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("nested deeper than 64");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      empty payload           | ``                                                   | Expected a JSON object for a hub message but found the end of the input.
      an array                | []                                                   | Expected a JSON object for a hub message but found an array.
      not JSON                | hello                                                | Invalid JSON in hub message
      truncated object        | {"type":1,"target":"m","arguments":[1,              | Invalid JSON in hub message
      two objects             | {"type":6} {}                                        | Found an object after the hub message's JSON object
      no type                 | {}                                                   | Hub message is missing the required 'type' property.
      type a string           | {"type":"1"}                                         | Expected 'type' to be an integer but found a string.
      type a float            | {"type":1.0}                                         | Expected 'type' to be an integer but found a decimal number.
      invocation no target    | {"type":1,"arguments":[]}                            | Invocation message is missing the required 'target' property.
      invocation empty target | {"type":1,"target":"","arguments":[]}                | Invocation message has an empty 'target'
      target a number         | {"type":1,"target":5,"arguments":[]}                 | Expected 'target' to be a string but found an integer.
      no arguments            | {"type":1,"target":"m"}                              | Invocation message is missing the required 'arguments' property.
      arguments an object     | {"type":1,"target":"m","arguments":{}}               | Expected 'arguments' to be an array but found an object.
      invocation id a number  | {"type":1,"invocationId":5,"target":"m","arguments":[]} | Expected 'invocationId' to be a string but found an integer.
      stream ids not strings  | {"type":1,"target":"m","arguments":[],"streamIds":[1]}  | Expected 'streamIds' to be an array of strings but found an integer.
      header not a string     | {"type":6,"headers":{"a":1}}                         | Expected 'headers.a' to be a string but found an integer.
      headers an array        | {"type":6,"headers":[]}                              | Expected 'headers' to be an object but found an array.
      stream invocation no id | {"type":4,"target":"m","arguments":[]}               | StreamInvocation message is missing the required 'invocationId' property.
      stream item no item     | {"type":2,"invocationId":"1"}                        | StreamItem message is missing the required 'item' property.
      stream item no id       | {"type":2,"item":1}                                  | StreamItem message is missing the required 'invocationId' property.
      completion no id        | {"type":3,"result":1}                                | Completion message is missing the required 'invocationId' property.
      completion empty id     | {"type":3,"invocationId":"","result":1}              | Completion message has an empty 'invocationId'.
      result and error        | {"type":3,"invocationId":"1","result":1,"error":"e"} | Completion message has both 'result' and 'error'
      error a number          | {"type":3,"invocationId":"1","error":1}              | Expected 'error' to be a string but found an integer.
      cancel no id            | {"type":5}                                           | CancelInvocation message is missing the required 'invocationId' property.
      allowReconnect a string | {"type":7,"allowReconnect":"yes"}                    | Expected 'allowReconnect' to be a boolean but found a string.
      ack no sequence id      | {"type":8}                                           | Ack message is missing the required 'sequenceId' property.
      sequence id a string    | {"type":9,"sequenceId":"1"}                          | Expected 'sequenceId' to be an integer number but found a string.
      sequence id a float     | {"type":8,"sequenceId":1.5}                          | Expected 'sequenceId' to be an integer number but found a decimal number.
      sequence id too big     | {"type":8,"sequenceId":99999999999999999999}         | Expected 'sequenceId' to be an integer number but found an integer.
      """)
  void badInputIsAProtocolExceptionNamingTheProblem(String what, String json, String expected) {
    assertThatThrownBy(() -> parse(json))
        .as(what).isInstanceOf(ProtocolException.class).hasMessageContaining(expected);
  }
}
