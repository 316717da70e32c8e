package dev.hubbub.service.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.core.spi.SendTarget;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster payloads: round trips of every target kind, and malformed, truncated and oversized input. */
class ClusterWireTest {

  @Test
  void everyTargetKindRoundTrips() {
    Map<String, byte[]> framed = new LinkedHashMap<>();
    framed.put("json", "{\"type\":1}\u001e".getBytes(StandardCharsets.UTF_8));
    framed.put("messagepack", new byte[] {3, (byte) 0x91, 1});
    for (SendTarget target : List.of(SendTarget.allExcept(List.of("c1")), SendTarget.connections(List.of("a", "b")),
        SendTarget.groupExcept("g", List.of("x")).exceptUsers(List.of("u")), SendTarget.users(List.of("u1", "u2")))) {
      ClusterWire.Send read = ClusterWire.readSend(ClusterWire.send(target, framed));
      assertThat(read.target()).isEqualTo(target);
      assertThat(read.framed().keySet()).containsExactly("json", "messagepack");
      assertThat(read.framed().get("messagepack")).containsExactly(3, 0x91, 1);
    }
    ClusterWire.Query q = new ClusterWire.Query("id", "node", 1, "hub",
        Arrays.asList(ClusterWire.targetValue(SendTarget.user("u")), null, 5L, true));
    assertThat(ClusterWire.readQuery(ClusterWire.query(q))).isEqualTo(q);
    assertThat(ClusterWire.readReply(ClusterWire.reply("id", List.of(List.of("c", "u")))).result())
        .isEqualTo(List.of(List.of("c", "u")));
  }

  @Test
  void malformedTruncatedAndOversizedPayloadsFailWithIllegalArgument() {
    byte[] good = ClusterWire.send(SendTarget.all(), Map.of("json", new byte[10]));
    List<byte[]> bad = List.of(
        new byte[0],
        "garbage".getBytes(StandardCharsets.UTF_8),
        Arrays.copyOf(good, good.length - 3),                        // truncated
        new byte[] {(byte) 0x93, 2, 0, 0},                           // unknown version
        // a binary that claims 2 GB inside a payload of a few bytes
        new byte[] {(byte) 0x93, 1, (byte) 0x92, 0, (byte) 0x90, (byte) 0x81, (byte) 0xa1, 'j',
            (byte) 0xc6, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        nested(100_000));                                            // arrays nested 100,000 deep
    for (byte[] b : bad) {
      assertThatThrownBy(() -> ClusterWire.readSend(b)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ClusterWire.readQuery(b)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ClusterWire.readReply(b)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static byte[] nested(int depth) {
    byte[] b = new byte[depth + 3];
    b[0] = (byte) 0x93;
    b[1] = 1;
    Arrays.fill(b, 2, b.length - 1, (byte) 0x91);
    b[b.length - 1] = (byte) 0xc0;
    return b;
  }
}
