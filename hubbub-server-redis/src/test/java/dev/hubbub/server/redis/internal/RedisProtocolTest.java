package dev.hubbub.server.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backplane payloads byte for byte, against vectors written by hand from the documented format of ASP.NET Core's
 * Redis backplane ({@code docs/scale-out.md}, "Wire format"). Each vector is commented item by item.
 */
class RedisProtocolTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replace(" ", ""));
  }

  // A JSON-framed invocation: {"type":1,"target":"m","arguments":[]} then the 0x1E record separator.
  private static final byte[] JSON_FRAMED = "{\"type\":1,\"target\":\"m\",\"arguments\":[]}\u001e"
      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  // The same in MessagePack with its VarInt length prefix 0x08: [1, {}, nil, "m", [], []].
  private static final byte[] MSGPACK_FRAMED = hex("08 96 01 80 c0 a1 6d 90 90");

  @Test
  void invocationWithExclusionsAndOneProtocol() {
    byte[] expected = hex(
        "92"                     // array(2): no client result
        + " 91 a1 61"            //   excluded ids: ["a"]
        + " 81"                  //   map(1) of framed messages
        + " a4 6a736f6e"         //     "json"
        + " c4 03 7b7d1e");      //     bin8(3): {} 0x1E
    byte[] written = RedisProtocol.writeInvocation(List.of("a"), Map.of("json", hex("7b7d1e")), null, null);
    assertThat(HEX.formatHex(written)).isEqualTo(HEX.formatHex(expected));

    RedisProtocol.Invocation read = RedisProtocol.readInvocation(expected);
    assertThat(read.excludedConnectionIds()).containsExactly("a");
    assertThat(read.framedByProtocol()).containsOnlyKeys("json");
    assertThat(read.framedByProtocol().get("json")).isEqualTo(hex("7b7d1e"));
    assertThat(read.invocationId()).isNull();
    assertThat(read.returnChannel()).isNull();
  }

  @Test
  void invocationForAClientResultCarriesIdAndReturnChannelLast() {
    Map<String, byte[]> framed = new LinkedHashMap<>();
    framed.put("json", JSON_FRAMED);
    framed.put("messagepack", MSGPACK_FRAMED);
    byte[] expected = hex(
        "94"                                  // array(4): a client result
        + " 90"                               //   excluded ids: []
        + " 82"                               //   map(2)
        + " a4 6a736f6e"                      //     "json"
        + " c4 27" + HEX.formatHex(JSON_FRAMED) //   bin8(39): the framed JSON invocation
        + " ab 6d6573736167657061636b"        //     "messagepack"
        + " c4 09 08 96 01 80 c0 a1 6d 90 90"  //     bin8(9): the framed MessagePack invocation
        + " a2 6964"                          //   invocationId "id"
        + " b3 483a696e7465726e616c3a72657475726e3a73");  // returnChannel "H:internal:return:s" (fixstr 19)
    byte[] written = RedisProtocol.writeInvocation(List.of(), framed, "id", "H:internal:return:s");
    assertThat(HEX.formatHex(written)).isEqualTo(HEX.formatHex(expected));

    RedisProtocol.Invocation read = RedisProtocol.readInvocation(expected);
    assertThat(read.excludedConnectionIds()).isEmpty();
    assertThat(read.framedByProtocol().keySet()).containsExactly("json", "messagepack");
    assertThat(read.framedByProtocol().get("json")).isEqualTo(JSON_FRAMED);
    assertThat(read.framedByProtocol().get("messagepack")).isEqualTo(MSGPACK_FRAMED);
    assertThat(read.invocationId()).isEqualTo("id");
    assertThat(read.returnChannel()).isEqualTo("H:internal:return:s");
  }

  @Test
  void readersSkipItemsAppendedByANewerServer() {
    byte[] newer = hex("95 90 80 a1 31 a1 72 c3");  // [[], {}, "1", "r", true]: a fifth item we do not know
    RedisProtocol.Invocation read = RedisProtocol.readInvocation(newer);
    assertThat(read.invocationId()).isEqualTo("1");
    assertThat(read.returnChannel()).isEqualTo("r");

    byte[] nilId = hex("94 90 80 c0 c0");  // [[], {}, nil, nil]: no client result
    assertThat(RedisProtocol.readInvocation(nilId).invocationId()).isNull();

    byte[] command = hex("96 01 a1 73 01 a1 67 a1 63 a3 6e6577");  // a sixth item "new"
    assertThat(RedisProtocol.readGroupCommand(command))
        .isEqualTo(new RedisProtocol.GroupCommand(1, "s", RedisProtocol.ADD, "g", "c"));
  }

  @Test
  void groupCommands() {
    byte[] add = hex(
        "95"               // array(5)
        + " 01"            //   id 1 (positive fixint)
        + " a2 7331"       //   serverName "s1"
        + " 01"            //   action Add = 1
        + " a1 67"         //   groupName "g"
        + " a1 63");       //   connectionId "c"
    assertThat(RedisProtocol.writeGroupCommand(new RedisProtocol.GroupCommand(1, "s1", RedisProtocol.ADD, "g", "c")))
        .isEqualTo(add);
    byte[] remove = hex(
        "95"
        + " cd 012c"       //   id 300 (uint16)
        + " a2 7331"
        + " 02"            //   action Remove = 2
        + " a1 67"
        + " a1 63");
    assertThat(RedisProtocol.writeGroupCommand(
        new RedisProtocol.GroupCommand(300, "s1", RedisProtocol.REMOVE, "g", "c"))).isEqualTo(remove);
    assertThat(RedisProtocol.readGroupCommand(remove))
        .isEqualTo(new RedisProtocol.GroupCommand(300, "s1", RedisProtocol.REMOVE, "g", "c"));
  }

  @Test
  void acks() {
    assertThat(RedisProtocol.writeAck(7)).isEqualTo(hex("91 07"));                 // [7]
    assertThat(RedisProtocol.writeAck(70000)).isEqualTo(hex("91 ce 00011170"));    // [70000] as uint32
    assertThat(RedisProtocol.readAck(hex("91 ce 00011170"))).isEqualTo(70000);
  }

  @Test
  void completions() {
    byte[] framed = "{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}\u001e"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] expected = hex(
        "92"                                 // array(2)
        + " a4 6a736f6e"                     //   protocol "json"
        + " c4 2b" + HEX.formatHex(framed)); //   bin8(43): the client's framed Completion
    assertThat(HEX.formatHex(RedisProtocol.writeCompletion(new RedisProtocol.Completion("json", framed))))
        .isEqualTo(HEX.formatHex(expected));
    RedisProtocol.Completion read = RedisProtocol.readCompletion(expected);
    assertThat(read.protocolName()).isEqualTo("json");
    assertThat(read.framedCompletion()).isEqualTo(framed);
  }

  @Test
  void longStringsAndPayloadsUseTheWiderFormats() {
    String id = "c".repeat(40);   // str8
    byte[] big = new byte[300];  // bin16
    byte[] written = RedisProtocol.writeInvocation(List.of(id), Map.of("messagepack", big), null, null);
    String h = HEX.formatHex(written);
    assertThat(h).startsWith("92" + "91" + "d9 28".replace(" ", "") + "63".repeat(40) + "81" + "ab");
    assertThat(h).contains("c5012c");
    assertThat(RedisProtocol.readInvocation(written).framedByProtocol().get("messagepack")).hasSize(300);
  }

  @Test
  void malformedPayloadsAreRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> RedisProtocol.readInvocation(hex("91 90")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs at least 2 items");
    assertThatThrownBy(() -> RedisProtocol.readAck(hex("c1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed Redis backplane ack");
  }

  @Test
  void channelNames() {
    RedisChannels c = RedisChannels.of("app1:", "MyApp.Hubs.ChatHub");
    assertThat(c.all()).isEqualTo("app1:MyApp.Hubs.ChatHub:all");
    assertThat(c.group("g 1")).isEqualTo("app1:MyApp.Hubs.ChatHub:group:g 1");
    assertThat(c.user("alice")).isEqualTo("app1:MyApp.Hubs.ChatHub:user:alice");
    assertThat(c.connection("abc")).isEqualTo("app1:MyApp.Hubs.ChatHub:connection:abc");
    assertThat(c.groupManagement()).isEqualTo("app1:MyApp.Hubs.ChatHub:internal:groups");
    assertThat(c.ack("host_1f")).isEqualTo("app1:MyApp.Hubs.ChatHub:internal:ack:host_1f");
    assertThat(c.returnResults("host_1f")).isEqualTo("app1:MyApp.Hubs.ChatHub:internal:return:host_1f");
    assertThat(RedisChannels.of("", "dev.x.ChatHub").all()).isEqualTo("dev.x.ChatHub:all");
  }
}
