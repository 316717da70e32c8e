package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvocationFrameEncoderTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  @Test
  void jsonEchoIsATextFrameWithAnInvocationId() {
    ByteBuf frame = new InvocationFrameEncoder("json", "echo", true, 2).encode(ALLOC, 7, 1000);
    String payload = "{\"type\":1,\"invocationId\":\"7\",\"target\":\"echo\",\"arguments\":[1000,\"xx\"]}\u001e";
    // 0x81: final text frame; 0x80 | length (< 126); mask key 00000000; the payload unmasked
    assertThat(ByteBufUtil.hexDump(frame, 0, 6)).isEqualTo("81" + hex(0x80 | payload.length()) + "00000000");
    assertThat(frame.toString(6, frame.readableBytes() - 6, StandardCharsets.UTF_8)).isEqualTo(payload);
    frame.release();
  }

  @Test
  void jsonBroadcastHasNoInvocationIdAndALongPadNeedsA16BitLength() {
    ByteBuf frame = new InvocationFrameEncoder("json", "broadcast", false, 2048).encode(ALLOC, 7, 1000);
    int length = frame.readableBytes() - 8;
    // 0x81; 0xfe: masked, 16-bit length follows; the length; mask key
    assertThat(ByteBufUtil.hexDump(frame, 0, 8)).isEqualTo("81fe" + String.format("%04x", length) + "00000000");
    assertThat(frame.toString(8, length, StandardCharsets.UTF_8))
        .startsWith("{\"type\":1,\"target\":\"broadcast\",\"arguments\":[1000,\"xxx")
        .endsWith("xx\"]}\u001e");
    frame.release();
  }

  @Test
  void messagePackEchoIsABinaryFrameTheScannerCanTime() {
    ByteBuf frame = new InvocationFrameEncoder("messagepack", "echo", true, 1).encode(ALLOC, 7, 1000);
    // 0x82: final binary frame; 0x98: masked, 24 bytes; mask key;
    // 0x17: VarInt 23; [1, {}, "7", "echo", [int64 1000, "x"], []]
    assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("82" + "98" + "00000000"
        + "17" + "96" + "01" + "80" + "a137" + "a46563686f" + "92" + "d300000000000003e8" + "a178" + "90");
    // the same message shape (type 1, args first) is what the scanner reads timestamps from
    LoopStats stats = new LoopStats();
    HubMessageScanner.scanMessagePack(frame, 6, frame.writerIndex(), stats, 3000, 0, Long.MAX_VALUE);
    assertThat(stats.delivered).isEqualTo(1);
    assertThat(stats.latencyMicros.getMaxValue()).isEqualTo(2);
    frame.release();
  }

  @Test
  void messagePackBroadcastHasANilInvocationId() {
    ByteBuf frame = new InvocationFrameEncoder("messagepack", "broadcast", false, 0).encode(ALLOC, 7, 1000);
    // header 82 + length + key; 0x1a: VarInt 26; [1, {}, nil, "broadcast", [int64 1000, ""], []]
    assertThat(ByteBufUtil.hexDump(frame, 6, frame.readableBytes() - 6)).isEqualTo("1a" + "96" + "01" + "80" + "c0"
        + "a9" + ByteBufUtil.hexDump("broadcast".getBytes(StandardCharsets.US_ASCII)) + "92" + "d300000000000003e8"
        + "a0" + "90");
    frame.release();
  }

  @Test
  void handshakeFrameUsesTheSameHeader() {
    byte[] frame = ClientFleet.maskedTextFrame("{\"protocol\":\"json\",\"version\":1}\u001e");
    assertThat(ByteBufUtil.hexDump(frame, 0, 6)).isEqualTo("81" + hex(0x80 | (frame.length - 6)) + "00000000");
  }

  private static String hex(int b) {
    return String.format("%02x", b);
  }
}
