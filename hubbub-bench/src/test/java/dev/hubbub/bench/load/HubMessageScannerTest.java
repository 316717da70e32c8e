package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HubMessageScannerTest {
  private static final long FOREVER = Long.MAX_VALUE;

  @Test
  void jsonFrameWithPingAndTwoInvocations() {
    ByteBuf frame = Unpooled.copiedBuffer("{\"type\":6}\u001e"
        + "{\"type\":1,\"target\":\"m\",\"arguments\":[1000,\"xx\"]}\u001e"
        + "{\"type\":1,\"target\":\"m\",\"arguments\":[-5]}\u001e", StandardCharsets.UTF_8);
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanJson(frame, 0, frame.writerIndex(), stats, 3000, 0, FOREVER);
    assertThat(stats.delivered).isEqualTo(2);
    assertThat(stats.unparsed).isZero();
    assertThat(stats.latencyMicros.getTotalCount()).isEqualTo(1); // the negative timestamp is before the window
    frame.release();
  }

  @Test
  void messagePackInvocationAndPing() {
    // 0x11: length 17; [1, {}, nil, "m", [uint64 1000]] as .NET writes it (6 elements, streamIds [])
    // 0x02 0x91 0x06: a framed Ping
    ByteBuf frame = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
        "11" + "96" + "01" + "80" + "c0" + "a16d" + "91" + "cf00000000000003e8" + "90"
            + "029106"));
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanMessagePack(frame, 0, frame.writerIndex(), stats, 5000, 0, FOREVER);
    assertThat(stats.delivered).isEqualTo(1);
    assertThat(stats.unparsed).isZero();
    assertThat(stats.latencyMicros.getMaxValue()).isEqualTo(4); // (5000 - 1000) ns
  }

  @Test
  void unreadableTimestampIsCounted() {
    ByteBuf frame = Unpooled.copiedBuffer("{\"type\":1,\"target\":\"m\",\"arguments\":[\"x\"]}\u001e",
        StandardCharsets.UTF_8);
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanJson(frame, 0, frame.writerIndex(), stats, 0, 0, FOREVER);
    assertThat(stats.unparsed).isEqualTo(1);
    assertThat(stats.delivered).isZero();
  }

  @Test
  void jsonCompletionOfEchoIsADelivery() {
    // the bench hub's echo(due, pad) returns [due, pad]; the invocation id is the send's index
    ByteBuf frame = Unpooled.copiedBuffer("{\"type\":3,\"invocationId\":\"17\",\"result\":[1000,\"xx\"]}\u001e"
        + "{\"type\":3,\"invocationId\":\"18\",\"error\":\"boom\"}\u001e", StandardCharsets.UTF_8);
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanJson(frame, 0, frame.writerIndex(), stats, 3000, 0, FOREVER);
    assertThat(stats.delivered).isEqualTo(1);
    assertThat(stats.unparsed).isEqualTo(1); // the error completion has no result to time
    assertThat(stats.latencyMicros.getMaxValue()).isEqualTo(2); // (3000 - 1000) ns
    frame.release();
  }

  @Test
  void messagePackCompletionWithResult() {
    // 0x12: length 18; [3, {}, "7", 3 (result), [uint64 1000, "x"]]
    // 0x0b: length 11; [3, {}, "8", 1 (error), "boom"]: not timed, counted as unparsed
    ByteBuf frame = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(
        "12" + "95" + "03" + "80" + "a137" + "03" + "92" + "cf00000000000003e8" + "a178"
            + "0b" + "95" + "03" + "80" + "a138" + "01" + "a4626f6f6d"));
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanMessagePack(frame, 0, frame.writerIndex(), stats, 5000, 0, FOREVER);
    assertThat(stats.delivered).isEqualTo(1);
    assertThat(stats.unparsed).isEqualTo(1);
    assertThat(stats.latencyMicros.getMaxValue()).isEqualTo(4);
  }
}
