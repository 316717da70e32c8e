package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MessagePack decoding of what real clients send, and of bad input. */
class MessagePackHubProtocolTest {
  private static final HexFormat HEX = HexFormat.of();
  private final MessagePackHubProtocol protocol = new MessagePackHubProtocol();

  private static ByteBuffer hex(String hex) {
    return ByteBuffer.wrap(HEX.parseHex(hex.replace(" ", "")));
  }

  @Test
  void nameVersionAndFormat() {
    assertThat(protocol.name()).isEqualTo("messagepack");
    assertThat(protocol.version()).isEqualTo(2);
    assertThat(protocol.transferFormat()).isEqualTo(TransferFormat.BINARY);
  }

  @Test
  void capturedTypeScriptFramesInOneRead() throws ProtocolException {
    List<HubMessage> messages = protocol.parseMessages(hex(
        "02 9106"                                    // ping
        + "0e 95 01 80 a130 a4 4563686f 91 a2 6869"  // [1,{},"0","Echo",["hi"]]: 5 elements, no streamIds
        + "0b 96 01 80 c0 a2 5570 90 91 a131"        // [1,{},nil,"Up",[],["1"]]: upload stream
        + "06 94 02 80 a131 01"                      // [2,{},"1",1] StreamItem
        + "06 94 03 80 a131 02"));                   // [3,{},"1",2] Completion(void) ends the stream
    assertThat(messages).hasSize(5);
    assertThat(messages.get(0)).isSameAs(PingMessage.INSTANCE);
    InvocationMessage echo = (InvocationMessage) messages.get(1);
    assertThat(echo.invocationId()).isEqualTo("0");
    assertThat(echo.target()).isEqualTo("Echo");
    assertThat(echo.streamIds()).isEmpty();
    assertThat(echo.headers()).isEmpty();
    assertThat(echo.arguments().size()).isEqualTo(1);
    assertThat((String) echo.arguments().bind(0, String.class, protocol.options().mapper())).isEqualTo("hi");
    InvocationMessage up = (InvocationMessage) messages.get(2);
    assertThat(up.invocationId()).isNull();
    assertThat(up.target()).isEqualTo("Up");
    assertThat(up.arguments().isEmpty()).isTrue();
    assertThat(up.streamIds()).containsExactly("1");
    StreamItemMessage item = (StreamItemMessage) messages.get(3);
    assertThat(item.invocationId()).isEqualTo("1");
    assertThat((Integer) item.item().bind(Integer.class, protocol.options().mapper())).isEqualTo(1);
    assertThat(messages.get(4)).isEqualTo(CompletionMessage.empty("1"));
  }

  @Test
  void fiveElementInvocationIsRewrittenWithSixElements() throws ProtocolException {
    // TS writes 5 elements; .NET (and Hubbub) write 6 with an empty streamIds array 0x90
    HubMessage m = protocol.parseMessage(hex("95 01 80 a130 a4 4563686f 91 a2 6869"));
    assertThat(HEX.formatHex(protocol.writeUnframed(m))).isEqualTo("960180a130a44563686f91a2686990");
  }

  @Test
  void referenceAckAndSequenceVectors() throws ProtocolException {
    // 92 08 cc 24 = Ack 36; 92 09 cc 13 = Sequence 19 (signalr-protocol.md §2.3)
    assertThat(protocol.parseMessage(hex("9208cc24"))).isEqualTo(new AckMessage(36));
    assertThat(protocol.parseMessage(hex("9209cc13"))).isEqualTo(new SequenceMessage(19));
  }

  @Test
  void twoElementCloseFromTypeScript() throws ProtocolException {
    // [7, nil]: what the TS client writes on stop()
    assertThat(protocol.parseMessage(hex("9207c0"))).isEqualTo(CloseMessage.EMPTY);
    // [7, "bye"] with no allowReconnect element
    assertThat(protocol.parseMessage(hex("9207a3627965"))).isEqualTo(new CloseMessage("bye", false));
  }

  @Test
  void unknownMessageTypeIsSkipped() throws ProtocolException {
    // [10, {}, "x"]: a type from a future version
    assertThat(protocol.parseMessage(hex("930a80a178"))).isNull();
    // framed: unknown type between two pings leaves the pings
    assertThat(protocol.parseMessages(hex("02 9106 03 92 0a 01 02 9106")))
        .containsExactly(PingMessage.INSTANCE, PingMessage.INSTANCE);
  }

  @Test
  void extraTrailingElementsFromALaterVersionAreSkipped() throws ProtocolException {
    // [6, "extra"] and [5, {}, "1", 42]
    assertThat(protocol.parseMessage(hex("9206a56578747261"))).isSameAs(PingMessage.INSTANCE);
    assertThat(protocol.parseMessage(hex("940580a1312a"))).isEqualTo(new CancelInvocationMessage("1"));
    // [3, {}, "1", 2, "extra"]: a void completion with a fifth element
    assertThat(protocol.parseMessage(hex("950380a13102a56578747261"))).isEqualTo(CompletionMessage.empty("1"));
  }

  @Test
  void headersAreReadAndWritten() throws ProtocolException {
    // [5, {"k":"v"}, "1"]
    HubMessage m = protocol.parseMessage(hex("9305 81 a16b a176 a131"));
    assertThat(m).isEqualTo(new CancelInvocationMessage(java.util.Map.of("k", "v"), "1"));
    assertThat(HEX.formatHex(protocol.writeUnframed(m))).isEqualTo("930581a16ba176a131");
  }

  @Test
  void messageSplitOverReadsThroughAFrameReader() throws ProtocolException {
    byte[] framed = HEX.parseHex("0e950180a130a44563686f91a26869");
    FrameReader reader = protocol.newFrameReader();
    List<HubMessage> got = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (byte b : framed) {
      protocol.parse(ByteBuffer.wrap(new byte[] {b}), reader, (message, payload) -> {
        got.add(message);
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        payloads.add(HEX.formatHex(copy));
      });
    }
    assertThat(got).hasSize(1);
    // the sink also gets the unframed bytes as received, for forwarding upstream unchanged
    assertThat(payloads).containsExactly("950180a130a44563686f91a26869");
    assertThat(reader.hasPartialMessage()).isFalse();
  }

  @Test
  void largeMessageRoundTripsWithAThreeBytePrefix() throws ProtocolException {
    // 100 000 chars: larger than the packer's first buffer; the VarInt prefix takes 3 bytes
    MessagePackHubProtocol big = new MessagePackHubProtocol(HubProtocolOptions.builder().maxMessageSize(1 << 20).build());
    String text = "x".repeat(100_000);
    byte[] framed = big.write(new InvocationMessage("m", Arguments.of(text)));
    assertThat(framed[0] & 0x80).isNotZero();
    assertThat(framed[1] & 0x80).isNotZero();
    assertThat(framed[2] & 0x80).isZero();
    List<HubMessage> parsed = big.parseMessages(ByteBuffer.wrap(framed));
    assertThat((String) ((InvocationMessage) parsed.get(0)).arguments().bind(0, String.class, big.options().mapper()))
        .isEqualTo(text);
  }

  @Test
  void incompleteFramedInputIsAnError() {
    // prefix says 14 bytes, 3 arrive
    assertThatThrownBy(() -> protocol.parseMessages(hex("0e 95 01 80")))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("Incomplete message");
  }

  @Test
  void messageOverTheLimitIsRejectedBeforeParsing() {
    MessagePackHubProtocol small = new MessagePackHubProtocol(HubProtocolOptions.builder().maxMessageSize(8).build());
    assertThatThrownBy(() -> small.parseMessage(hex("950180a130a44563686f91a26869")))
        .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("8B");
    // framed: the declared length alone is enough to refuse
    assertThatThrownBy(() -> small.parseMessages(hex("ffffffff07")))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty payload                           |                                  | Empty MessagePack hub message
      a map, not an array                     | 81 a161 01                       | Expected a MessagePack array for a hub message but found MAP.
      empty array                             | 90                               | empty MessagePack array
      type is a string                        | 91 a131                          | Expected a MessagePack integer for the message type but found STRING.
      type is the reserved byte               | 91 c1                            | Expected a MessagePack integer for the message type but found the reserved byte 0xC1.
      invocation with 3 elements              | 93 01 80 c0                      | Invocation message has 3 elements; expected at least 5.
      headers nil                             | 95 01 c0 c0 a16d 90              | Expected a MessagePack map for 'headers' but found NIL.
      header value an integer                 | 95 01 81 a161 01 c0 a16d 90      | Expected a MessagePack string for header 'a' but found INTEGER.
      target an integer                       | 95 01 80 c0 01 90                | Expected a MessagePack string for 'target' but found INTEGER.
      target empty                            | 95 01 80 c0 a0 90                | Invocation message has an empty 'target'
      arguments a map                         | 95 01 80 c0 a16d 80              | Expected a MessagePack array for 'arguments' but found MAP.
      invocation id an integer                | 95 01 80 01 a16d 90              | Expected a MessagePack string for 'invocationId' but found INTEGER.
      stream ids hold an integer              | 96 01 80 c0 a16d 90 91 01        | Expected a MessagePack string for a stream id but found INTEGER.
      stream item without invocation id       | 94 02 80 c0 01                   | Expected a MessagePack string for 'invocationId' but found NIL.
      truncated string                        | 96 01 80 c0 a4 7365              | declares 4 items or bytes but only 2 bytes remain
      truncated after type                    | 95 01                            | declares 5 items or bytes but only 1 bytes remain
      truncated inside headers                | 93 05 81 a16b                    | truncated: expected header 'k' but the input ended.
      array32 of 4 G arguments                | 95 01 80 c0 a16d dd ffffffff     | a declared size exceeds 2 GB.
      str32 of 2 G in an argument             | 95 01 80 c0 a16d 91 db 7fffffff  | declares 2147483647 items or bytes but only 0 bytes remain
      bin32 of 2 G in an argument             | 95 01 80 c0 a16d 91 c6 7fffffff  | declares 2147483647 items or bytes but only 0 bytes remain
      map32 of 2 G in an argument             | 95 01 80 c0 a16d 91 df 7fffffff  | declares 2147483647 items or bytes but only 0 bytes remain
      message array32 of 2 G                  | dd 7fffffff 06                   | declares 2147483647 items or bytes but only 1 bytes remain
      ext32 of 2 G in an argument             | 95 01 80 c0 a16d 91 c9 7fffffff 01 | declares 2147483647 items or bytes but only 0 bytes remain
      trailing bytes                          | 9106 00                          | Unexpected 1 bytes after the MessagePack hub message.
      completion kind 4                       | 95 03 80 a131 04 c0              | Invalid completion result kind 4
      completion with an empty id             | 95 03 80 a0 03 80                | Completion message has an empty 'invocationId'.
      completion result kind with 4 elements  | 94 03 80 a131 03                 | has no fifth element for its result
      completion error kind with 4 elements   | 94 03 80 a131 01                 | has no fifth element for its error
      completion error not a string           | 95 03 80 a131 01 2a              | Expected a MessagePack string for the completion error but found INTEGER.
      close allowReconnect an integer         | 93 07 c0 01                      | Expected a MessagePack boolean for 'allowReconnect' but found INTEGER.
      ack sequence id a string                | 92 08 a131                       | Expected a MessagePack integer for 'sequenceId' but found STRING.
      ack sequence id past int64              | 92 08 cf ffffffffffffffff        | fit in a signed 64-bit integer
      ack sequence id a float                 | 92 08 cb 3ff8000000000000        | Expected a MessagePack integer for 'sequenceId' but found FLOAT.
      timestamp of length 2 in an argument    | 95 01 80 c0 a16d 91 d5 ff 0000   | MessagePack timestamp has length 2; expected 4, 8 or 12.
      reserved byte inside an argument        | 95 01 80 c0 a16d 91 c1           | MessagePack value starts with the reserved byte 0xC1.
      reserved byte in an unknown type        | 92 0a c1                         | MessagePack value starts with the reserved byte 0xC1.
      """)
  void badInputIsAProtocolExceptionNamingTheProblem(String what, String hex, String expected) {
    ByteBuffer input = hex == null ? ByteBuffer.allocate(0) : hex(hex);
    assertThatThrownBy(() -> protocol.parseMessage(input))
        .as(what).isInstanceOf(ProtocolException.class).hasMessageContaining(expected);
  }

  @Test
  void deeplyNestedArgumentIsRejectedNotRecursedInto() {
    // [1, {}, nil, "m", [[[[...1...]]]]] with 100 nested arrays
    String nested = "91".repeat(100) + "01";
    assertThatThrownBy(() -> protocol.parseMessage(hex("95 01 80 c0 a16d 91" + nested)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("nested deeper than 64");
  }

  @Test
  void invalidUtf8IsReplacedNotThrown() throws ProtocolException {
    // target "\xff": .NET would fail too, but a replacement char keeps the error on the hub's side (unknown method)
    InvocationMessage m = (InvocationMessage) protocol.parseMessage(hex("95 01 80 c0 a1ff 90"));
    assertThat(m.target()).isEqualTo("\uFFFD");
  }
}
