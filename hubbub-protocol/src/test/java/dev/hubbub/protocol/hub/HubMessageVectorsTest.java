package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message type in both protocols: the same message as a Java model, as JSON text and as MessagePack
 * bytes (unframed). Each vector is checked four ways: model → bytes in both protocols, bytes → model in both,
 * and bytes of one protocol → the other protocol's bytes (raw values re-encoded without binding).
 */
class HubMessageVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonHubProtocol JSON = new JsonHubProtocol();
  private static final MessagePackHubProtocol MSGPACK = new MessagePackHubProtocol();

  record Vector(String name, HubMessage message, String json, String msgpackHex) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    return Stream.of(
        // send (no invocation id): [1, {}, nil, "send", ["user", "hi"], []]
        new Vector("invocation without id", new InvocationMessage("send", Arguments.of("user", "hi")),
            "{\"type\":1,\"target\":\"send\",\"arguments\":[\"user\",\"hi\"]}",
            "96 01 80 c0 a4 73656e64 92 a4 75736572 a2 6869 90"),
        // invoke with id and a header: [1, {"a":"b"}, "0", "Echo", ["hi"], []]
        new Vector("invocation with id and header",
            new InvocationMessage(Map.of("a", "b"), "0", "Echo", Arguments.of("hi"), List.of()),
            "{\"type\":1,\"headers\":{\"a\":\"b\"},\"invocationId\":\"0\",\"target\":\"Echo\",\"arguments\":[\"hi\"]}",
            "96 01 81 a161 a162 a130 a4 4563686f 91 a2 6869 90"),
        // upload stream: [1, {}, nil, "Up", [], ["1"]] (the captured TS frame, payload only)
        new Vector("invocation with stream ids",
            new InvocationMessage(Map.of(), null, "Up", Arguments.EMPTY, List.of("1")),
            "{\"type\":1,\"target\":\"Up\",\"arguments\":[],\"streamIds\":[\"1\"]}",
            "96 01 80 c0 a2 5570 90 91 a131"),
        // [2, {}, "1", 1] (the captured TS frame, payload only)
        new Vector("stream item", new StreamItemMessage("1", RawValue.ofJava(1)),
            "{\"type\":2,\"invocationId\":\"1\",\"item\":1}",
            "94 02 80 a131 01"),
        // a null item is written, not omitted: [2, {}, "1", nil]
        new Vector("stream item, null", new StreamItemMessage("1", RawValue.NULL),
            "{\"type\":2,\"invocationId\":\"1\",\"item\":null}",
            "94 02 80 a131 c0"),
        // [2, {"k":"v"}, "1", {"a":[true,-1]}]
        new Vector("stream item with header and object",
            new StreamItemMessage(Map.of("k", "v"), "1", RawValue.ofJava(Map.of("a", List.of(true, -1)))),
            "{\"type\":2,\"headers\":{\"k\":\"v\"},\"invocationId\":\"1\",\"item\":{\"a\":[true,-1]}}",
            "94 02 81 a16b a176 a131 81 a161 92 c3 ff"),
        // void completion [3, {}, "1", 2] (the captured TS frame, payload only)
        new Vector("completion, void", CompletionMessage.empty("1"),
            "{\"type\":3,\"invocationId\":\"1\"}",
            "94 03 80 a131 02"),
        // [3, {}, "s1", 3, 42]
        new Vector("completion, result 42", CompletionMessage.withResult("s1", RawValue.ofJava(42)),
            "{\"type\":3,\"invocationId\":\"s1\",\"result\":42}",
            "95 03 80 a2 7331 03 2a"),
        // a null result is written, not omitted: [3, {}, "123", 3, nil]
        new Vector("completion, null result", CompletionMessage.withResult("123", RawValue.NULL),
            "{\"type\":3,\"invocationId\":\"123\",\"result\":null}",
            "95 03 80 a3 313233 03 c0"),
        // [3, {}, "xyz", 1, "Error not found!"]: .NET's vector lQOAo3h5egGwRXJyb3Igbm90IGZvdW5kIQ==
        new Vector("completion, error", CompletionMessage.withError("xyz", "Error not found!"),
            "{\"type\":3,\"invocationId\":\"xyz\",\"error\":\"Error not found!\"}",
            b64hex("lQOAo3h5egGwRXJyb3Igbm90IGZvdW5kIQ==")),
        // [4, {}, "1", "Count", [10], []]
        new Vector("stream invocation", new StreamInvocationMessage("1", "Count", Arguments.of(10)),
            "{\"type\":4,\"invocationId\":\"1\",\"target\":\"Count\",\"arguments\":[10]}",
            "96 04 80 a131 a5 436f756e74 91 0a 90"),
        // [4, {}, "2", "Sum", [], ["3", "4"]]: a stream invocation fed by two client streams
        new Vector("stream invocation with stream ids",
            new StreamInvocationMessage(Map.of(), "2", "Sum", Arguments.EMPTY, List.of("3", "4")),
            "{\"type\":4,\"invocationId\":\"2\",\"target\":\"Sum\",\"arguments\":[],\"streamIds\":[\"3\",\"4\"]}",
            "96 04 80 a132 a3 53756d 90 92 a133 a134"),
        // [5, {}, "1"]
        new Vector("cancel invocation", new CancelInvocationMessage("1"),
            "{\"type\":5,\"invocationId\":\"1\"}",
            "93 05 80 a131"),
        // [6]: .NET's vector kQY=
        new Vector("ping", PingMessage.INSTANCE, "{\"type\":6}", b64hex("kQY=")),
        // [7, nil, false]: .NET's vector kwfAwg==
        new Vector("close", CloseMessage.EMPTY, "{\"type\":7}", b64hex("kwfAwg==")),
        // [7, "Error!", true]: .NET's vector kwemRXJyb3Ihww==
        new Vector("close with error and reconnect", new CloseMessage("Error!", true),
            "{\"type\":7,\"error\":\"Error!\",\"allowReconnect\":true}", b64hex("kwemRXJyb3Ihww==")),
        // [8, 42]: .NET's vector kggq
        new Vector("ack", new AckMessage(42), "{\"type\":8,\"sequenceId\":42}", b64hex("kggq")),
        // [9, 146]: .NET's vector kgnMkg==
        new Vector("sequence", new SequenceMessage(146), "{\"type\":9,\"sequenceId\":146}", b64hex("kgnMkg==")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void writesJson(Vector v) {
    assertThat(utf8(JSON.writeUnframed(v.message()))).isEqualTo(v.json());
    assertThat(utf8(JSON.write(v.message()))).isEqualTo(v.json() + "\u001e");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void writesMessagePack(Vector v) {
    String hex = v.msgpackHex().replace(" ", "");
    assertThat(HEX.formatHex(MSGPACK.writeUnframed(v.message()))).isEqualTo(hex);
    // framed: the VarInt length (all vectors are under 128 bytes, so one byte) then the payload
    assertThat(HEX.formatHex(MSGPACK.write(v.message())))
        .isEqualTo(HEX.toHexDigits((byte) (hex.length() / 2)) + hex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void readsJsonAndRewritesBothProtocols(Vector v) throws ProtocolException {
    HubMessage parsed = JSON.parseMessage(ByteBuffer.wrap(v.json().getBytes(StandardCharsets.UTF_8)));
    assertThat(parsed).isNotNull();
    assertThat(parsed.type()).isEqualTo(v.message().type());
    assertThat(utf8(JSON.writeUnframed(parsed))).isEqualTo(v.json());
    assertThat(HEX.formatHex(MSGPACK.writeUnframed(parsed))).isEqualTo(v.msgpackHex().replace(" ", ""));
    if (!hasRawValues(v.message())) {
      assertThat(parsed).isEqualTo(v.message());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void readsMessagePackAndRewritesBothProtocols(Vector v) throws ProtocolException {
    HubMessage parsed = MSGPACK.parseMessage(ByteBuffer.wrap(HEX.parseHex(v.msgpackHex().replace(" ", ""))));
    assertThat(parsed).isNotNull();
    assertThat(parsed.type()).isEqualTo(v.message().type());
    assertThat(HEX.formatHex(MSGPACK.writeUnframed(parsed))).isEqualTo(v.msgpackHex().replace(" ", ""));
    assertThat(utf8(JSON.writeUnframed(parsed))).isEqualTo(v.json());
    if (!hasRawValues(v.message())) {
      assertThat(parsed).isEqualTo(v.message());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void framedRoundTripInBothProtocols(Vector v) throws ProtocolException {
    for (HubProtocol protocol : List.of(JSON, MSGPACK)) {
      byte[] once = protocol.write(v.message());
      List<HubMessage> parsed = protocol.parseMessages(ByteBuffer.wrap(once));
      assertThat(parsed).hasSize(1);
      assertThat(protocol.write(parsed.get(0))).isEqualTo(once);
    }
  }

  private static boolean hasRawValues(HubMessage m) {
    return m instanceof InvocationMessage i && !i.arguments().isEmpty()
        || m instanceof StreamInvocationMessage s && !s.arguments().isEmpty()
        || m instanceof StreamItemMessage
        || m instanceof CompletionMessage c && c.result() != null;
  }

  private static String b64hex(String base64) {
    return HEX.formatHex(Base64.getDecoder().decode(base64));
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
