package dev.hubbub.protocol.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  private final List<String> frames = new ArrayList<>();

  private void feed(FrameReader reader, byte[]... chunks) throws ProtocolException {
    for (byte[] chunk : chunks) {
      reader.read(ByteBuffer.wrap(chunk), payload -> {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        frames.add(HEX.formatHex(copy));
      });
    }
  }

  @Test
  void varIntVectorsFromTheSpec() throws ProtocolException {
    // 0x35 = 53; 0x80 0x29 = 5248 (HubProtocol.md examples)
    assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("35")))).isEqualTo(53);
    assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("8029")))).isEqualTo(5248);
    byte[] out = new byte[5];
    assertThat(VarInt.write(out, 0, 5248)).isEqualTo(2);
    assertThat(HEX.formatHex(out, 0, 2)).isEqualTo("8029");
    // 2^31-1 takes five bytes: ff ff ff ff 07
    assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("ffffffff07")))).isEqualTo(Integer.MAX_VALUE);
    assertThat(VarInt.size(Integer.MAX_VALUE)).isEqualTo(5);
  }

  @Test
  void varIntRejectsSixBytesAndValuesPastTwoGigabytes() {
    assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(HEX.parseHex("808080808001"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than 5 bytes");
    assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(HEX.parseHex("ffffffff0f"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the largest");
  }

  @Test
  void binaryFramesSeveralInOneReadAndOneSplitOverReads() throws ProtocolException {
    FrameReader reader = FrameReader.binary(1024);
    // two pings [6] framed: 02 91 06 | 02 91 06, then a third split after its prefix
    feed(reader, HEX.parseHex("029106029106" + "02"), HEX.parseHex("91"), HEX.parseHex("06"));
    assertThat(frames).containsExactly("9106", "9106", "9106");
    assertThat(reader.hasPartialMessage()).isFalse();
  }

  @Test
  void binaryPrefixSplitOverReads() throws ProtocolException {
    FrameReader reader = FrameReader.binary(1 << 20);
    byte[] body = new byte[200];
    body[0] = 1;
    // 200 = c8 01
    feed(reader, HEX.parseHex("c8"), HEX.parseHex("01"), body);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)).hasSize(400).startsWith("01");
  }

  @Test
  void binaryDeclaredSizeOverLimitFailsBeforeAllocating() {
    FrameReader reader = FrameReader.binary(32 * 1024);
    // declares 2 GB - 1 with no body
    assertThatThrownBy(() -> feed(reader, HEX.parseHex("ffffffff07")))
        .isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("32768B");
    assertThat(reader.hasPartialMessage()).isFalse();
  }

  @Test
  void textFramesSplitAndJoined() throws ProtocolException {
    FrameReader reader = FrameReader.text(1024);
    byte[] a = "{\"type\":6}\u001e{\"ty".getBytes(StandardCharsets.UTF_8);
    byte[] b = "pe\":6}\u001e".getBytes(StandardCharsets.UTF_8);
    feed(reader, a, b);
    assertThat(frames).containsExactly(HEX.formatHex("{\"type\":6}".getBytes(StandardCharsets.UTF_8)),
        HEX.formatHex("{\"type\":6}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void textWithoutSeparatorOverLimitFails() throws ProtocolException {
    FrameReader reader = FrameReader.text(16);
    feed(reader, new byte[10]);
    assertThat(reader.hasPartialMessage()).isTrue();
    assertThatThrownBy(() -> feed(reader, new byte[10])).isInstanceOf(MessageTooLargeException.class);
    assertThat(reader.hasPartialMessage()).isFalse();
  }
}
