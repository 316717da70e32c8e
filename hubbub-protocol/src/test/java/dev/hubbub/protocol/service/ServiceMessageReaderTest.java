package dev.hubbub.protocol.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceMessageReaderTest {
  private static final HexFormat HEX = HexFormat.of();
  private final List<ServiceMessage> received = new ArrayList<>();

  @Test
  void writeFramesWithVarIntPrefix() {
    // 02 = length, 91 03 = [3]
    assertThat(HEX.formatHex(ServiceProtocol.write(PingMessage.KEEP_ALIVE))).isEqualTo("029103");
  }

  @Test
  void severalMessagesPerChunkUnknownTypesSkippedAndSplitsAnywhere() throws ProtocolException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    ServiceMessage handshake = new HandshakeRequestMessage(1);
    ServiceMessage data = new ConnectionDataMessage("c1", ByteBuffer.wrap(new byte[300]));
    stream.writeBytes(ServiceProtocol.write(handshake));
    stream.writeBytes(HEX.parseHex("03926301")); // [99, 1]: unknown type, skipped
    stream.writeBytes(ServiceProtocol.write(data));
    stream.writeBytes(ServiceProtocol.write(PingMessage.KEEP_ALIVE));
    byte[] all = stream.toByteArray();

    ServiceMessageReader whole = new ServiceMessageReader();
    whole.read(ByteBuffer.wrap(all), received::add);
    assertThat(received).containsExactly(handshake, data, PingMessage.KEEP_ALIVE);

    received.clear();
    ServiceMessageReader byteByByte = new ServiceMessageReader();
    for (byte b : all) {
      byteByByte.read(ByteBuffer.wrap(new byte[] {b}), received::add);
    }
    assertThat(received).containsExactly(handshake, data, PingMessage.KEEP_ALIVE);
    assertThat(byteByByte.hasPartialMessage()).isFalse();
  }

  @Test
  void oversizedFrameIsRefusedBeforeBuffering() {
    ServiceMessageReader reader = new ServiceMessageReader(1024);
    byte[] big = ServiceProtocol.write(new ConnectionDataMessage("c", ByteBuffer.wrap(new byte[2000])));
    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(big, 0, 3), received::add))
        .isInstanceOf(MessageTooLargeException.class);
  }

  @Test
  void malformedFrameFails() {
    ServiceMessageReader reader = new ServiceMessageReader();
    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(HEX.parseHex("0190")), received::add))
        .isExactlyInstanceOf(ProtocolException.class).hasMessageContaining("message type is missing");
  }
}
