package dev.hubbub.protocol.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Raw values: re-encoding between the protocols without binding, and binding to Java types. */
class RawValueTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonHubProtocol JSON = new JsonHubProtocol();
  private static final MessagePackHubProtocol MSGPACK = new MessagePackHubProtocol();

  /** A hub method parameter type. */
  record Person(String name, int age) {}

  /** A mutable bean, bound through its setters. */
  public static final class Bean {
    private List<String> tags;

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }
  }

  @Test
  void restBodyIsEncodedOncePerProtocolWithoutBinding() throws Exception {
    // the service receives POST /api/hubs/chat/:send with this body and fans it out to both kinds of client
    String body = "{\"target\":\"m\",\"arguments\":[1,\"a\",{\"x\":true}]}";
    JsonNode tree = MAPPER.readTree(body);
    InvocationMessage message = new InvocationMessage(tree.get("target").textValue(),
        Arguments.ofJsonArray(MAPPER.writeValueAsBytes(tree.get("arguments"))));
    assertThat(new String(JSON.write(message), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[1,\"a\",{\"x\":true}]}\u001e");
    // 0f = 15 bytes: [1, {}, nil, "m", [1, "a", {"x": true}], []]
    assertThat(HEX.formatHex(MSGPACK.write(message))).isEqualTo("0f960180c0a16d9301a16181a178c390");
    // a tree from the body works too: Jackson serializes JsonNode values in both protocols
    InvocationMessage fromTree = new InvocationMessage("m", Arguments.of(1, "a", tree.get("arguments").get(2)));
    assertThat(HEX.formatHex(MSGPACK.write(fromTree))).isEqualTo("0f960180c0a16d9301a16181a178c390");
  }

  @Test
  void restSendBodyIsParsedWithRawArguments() throws ProtocolException {
    // the Azure SignalR REST payload: no type, no invocation id; key order free
    InvocationMessage message = JSON.parseSendBody(ByteBuffer.wrap(
        "{\"arguments\":[1,\"a\",{\"x\":true}],\"target\":\"m\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(message.target()).isEqualTo("m");
    assertThat(message.invocationId()).isNull();
    assertThat(new String(JSON.write(message), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[1,\"a\",{\"x\":true}]}\u001e");
    assertThat(HEX.formatHex(MSGPACK.write(message))).isEqualTo("0f960180c0a16d9301a16181a178c390");
    assertThatThrownBy(() -> JSON.parseSendBody(ByteBuffer.wrap("{\"arguments\":[]}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Invocation message is missing the required 'target' property.");
    assertThatThrownBy(() -> JSON.parseSendBody(ByteBuffer.wrap("{\"type\":6}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("found a message of type 6");
  }

  @ParameterizedTest(name = "JSON {0} -> MessagePack {1}")
  @CsvSource(delimiter = '|', textBlock = """
      1                     | 01
      -1                    | ff
      255                   | ccff
      -129                  | d1ff7f
      4294967296            | cf0000000100000000
      18446744073709551615  | cfffffffffffffffff
      1.5                   | cb3ff8000000000000
      "a"                   | a161
      "é"                   | a2c3a9
      true                  | c3
      null                  | c0
      [1,[2]]               | 920191 02
      {"x":[1],"y":{}}      | 82a1789101a17980
      """)
  void jsonToMessagePack(String json, String msgpack) throws ProtocolException {
    // 255 → cc ff as .NET writes it (signalr-protocol.md §2.7); uint64 max as cf; decimals as float64
    assertThat(HEX.formatHex(RawValue.ofJson(json).toMessagePack(MAPPER))).isEqualTo(msgpack.replace(" ", ""));
  }

  @ParameterizedTest(name = "MessagePack {0} -> JSON {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      01                        | 1
      ccff                      | 255
      cfffffffffffffffff        | 18446744073709551615
      d3 8000000000000000       | -9223372036854775808
      cb3ff8000000000000        | 1.5
      ca3fc00000                | 1.5
      a161                      | "a"
      c3                        | true
      c0                        | null
      c403010203                | "AQID"
      920191 02                 | [1,[2]]
      82a1789101a17980          | {"x":[1],"y":{}}
      82 01 a161 c3 a162        | {"1":"a","true":"b"}
      d6ff 386d4380             | "2000-01-01T00:00:00Z"
      d7ff 0000000000000000     | "1970-01-01T00:00:00Z"
      d4 05 2a                  | "Kg=="
      """)
  void messagePackToJson(String msgpack, String json) throws ProtocolException {
    // bin as base64 (AQID = 01 02 03, as .NET's JSON writes byte[]); timestamp ext -1 as ISO-8601 UTC;
    // other extensions as base64 of their data; non-string map keys as their text
    RawValue value = RawValue.ofMessagePack(HEX.parseHex(msgpack.replace(" ", "")));
    assertThat(new String(value.toJson(MAPPER), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void clientInvocationIsForwardedToTheOtherProtocol() throws ProtocolException {
    // a MessagePack client's invocation with binary, a map and a timestamp, written to a JSON client
    byte[] payload = HEX.parseHex("96 01 80 c0 a4 73656e64 93 c403010203 81a17801 d6ff386d4380 90".replace(" ", ""));
    HubMessage m = MSGPACK.parseMessage(ByteBuffer.wrap(payload));
    assertThat(new String(JSON.writeUnframed(m), StandardCharsets.UTF_8)).isEqualTo(
        "{\"type\":1,\"target\":\"send\",\"arguments\":[\"AQID\",{\"x\":1},\"2000-01-01T00:00:00Z\"]}");
    // and back in its own protocol the bytes are untouched
    assertThat(MSGPACK.writeUnframed(m)).isEqualTo(payload);
  }

  @Test
  void javaValuesAreSerializedByEachProtocol() {
    InvocationMessage m = new InvocationMessage("m", Arguments.of(new Person("a", 3), new byte[] {1, 2, 3}, null));
    assertThat(new String(JSON.writeUnframed(m), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[{\"name\":\"a\",\"age\":3},\"AQID\",null]}");
    // records become maps keyed by property name, byte[] becomes bin (as .NET's contractless resolver does)
    assertThat(HEX.formatHex(MSGPACK.writeUnframed(m)))
        .isEqualTo("960180c0a16d93" + "82a46e616d65a161a36167650" + "3" + "c403010203" + "c0" + "90");
  }

  @Test
  void bindsJsonArgumentsToJavaTypes() throws Exception {
    InvocationMessage m = (InvocationMessage) JSON.parseMessage(ByteBuffer.wrap((
        "{\"type\":1,\"target\":\"m\",\"arguments\":[{\"name\":\"a\",\"age\":3},[1,2],{\"k\":\"v\"},7,\"AQID\","
            + "{\"tags\":[\"x\"]}]}").getBytes(StandardCharsets.UTF_8)));
    assertBound(m.arguments());
  }

  @Test
  void bindsMessagePackArgumentsToJavaTypes() throws Exception {
    // [{"name":"a","age":3}, [1,2], {"k":"v"}, 7, bin 01 02 03, {"tags":["x"]}]
    InvocationMessage m = (InvocationMessage) MSGPACK.parseMessage(ByteBuffer.wrap(HEX.parseHex(
        "960180c0a16d96" + "82a46e616d65a161a361676503" + "920102" + "81a16ba176" + "07" + "c403010203"
            + "81a474616773 91a178".replace(" ", "") + "90")));
    assertBound(m.arguments());
  }

  @Test
  void bindsJavaValuesToo() throws Exception {
    Map<String, Object> bean = Map.of("tags", List.of("x"));
    assertBound(Arguments.of(new Person("a", 3), List.of(1, 2), Map.of("k", "v"), 7, new byte[] {1, 2, 3}, bean));
  }

  private static void assertBound(Arguments arguments) throws Exception {
    Object[] bound = arguments.bindAll(new java.lang.reflect.Type[] {
        Person.class, new TypeReference<List<Integer>>() {}.getType(), new TypeReference<Map<String, String>>() {}.getType(),
        int.class, byte[].class, Bean.class}, MAPPER);
    assertThat(bound[0]).isEqualTo(new Person("a", 3));
    assertThat(bound[1]).isEqualTo(List.of(1, 2));
    assertThat(bound[2]).isEqualTo(Map.of("k", "v"));
    assertThat(bound[3]).isEqualTo(7);
    assertThat((byte[]) bound[4]).containsExactly(1, 2, 3);
    assertThat(((Bean) bound[5]).getTags()).containsExactly("x");
    // untyped: maps and lists, as Jackson gives them
    assertThat((Object) arguments.bind(2, Object.class, MAPPER)).isEqualTo(Map.of("k", "v"));
  }

  @Test
  void bindingErrorsNameTheArgumentAndTheType() throws ProtocolException {
    Arguments json = Arguments.ofJsonArray("[\"abc\"]");
    assertThatThrownBy(() -> json.bind(0, int.class, MAPPER))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessageStartingWith("Error binding argument 0: Cannot convert the value to int: ");
    Arguments msgpack = Arguments.ofValues(List.of(RawValue.ofMessagePack(HEX.parseHex("a3616263"))));
    assertThatThrownBy(() -> msgpack.bind(0, Person.class, MAPPER))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessageContaining("Cannot convert the value to " + Person.class.getTypeName());
    assertThatThrownBy(() -> json.bindAll(new java.lang.reflect.Type[] {String.class, String.class}, MAPPER))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessage("Invocation provides 1 argument(s) but target expects 2.");
    assertThatThrownBy(() -> json.bind(3, String.class, MAPPER))
        .isInstanceOf(ArgumentBindingException.class).hasMessageContaining("no argument at index 3");
  }

  @Test
  void rawFactoriesValidate() {
    assertThatThrownBy(() -> RawValue.ofJson("[1,")).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Invalid JSON value");
    assertThatThrownBy(() -> RawValue.ofJson("1 2")).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("found more after it");
    assertThatThrownBy(() -> RawValue.ofMessagePack(HEX.parseHex("0102"))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("1 more bytes after it");
    assertThatThrownBy(() -> RawValue.ofMessagePack(HEX.parseHex("dbffffffff")))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Arguments.ofJsonArray("{}")).isInstanceOf(ProtocolException.class)
        .hasMessage("Expected a JSON array of arguments but found an object.");
  }

  @Test
  void completionResultAndStreamItemRoundTripAcrossProtocols() throws ProtocolException {
    // {"type":3,"invocationId":"1","result":{"a":[1.5,"x",null]}} <-> [3,{},"1",3,{"a":[1.5,"x",nil]}]
    String json = "{\"type\":3,\"invocationId\":\"1\",\"result\":{\"a\":[1.5,\"x\",null]}}";
    String msgpack = "950380a1310381a16193cb3ff8000000000000a178c0";
    HubMessage fromJson = JSON.parseMessage(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(HEX.formatHex(MSGPACK.writeUnframed(fromJson))).isEqualTo(msgpack);
    HubMessage fromMsgpack = MSGPACK.parseMessage(ByteBuffer.wrap(HEX.parseHex(msgpack)));
    assertThat(new String(JSON.writeUnframed(fromMsgpack), StandardCharsets.UTF_8)).isEqualTo(json);
  }
}
