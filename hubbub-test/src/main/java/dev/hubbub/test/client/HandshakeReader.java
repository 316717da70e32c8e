package dev.hubbub.test.client;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.HandshakeResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads the server's handshake answer from the first frames of a connection, which may also carry the first hub
 * messages after the {@code 0x1E}. Used by one connection's inbound executor only.
 */
final class HandshakeReader {
  private static final int MAX_HANDSHAKE = 32 * 1024;

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /**
   * Takes one frame.
   *
   * @return null while the answer is incomplete; else what followed it in the frame (possibly empty)
   * @throws HandshakeException when the server refused the handshake or answered something else
   */
  @Nullable ByteBuffer read(byte[] frame) throws HandshakeException {
    pending.write(frame, 0, frame.length);
    ByteBuffer all = ByteBuffer.wrap(pending.toByteArray());
    HandshakeResponse response;
    try {
      response = HandshakeResponse.tryParse(all, MAX_HANDSHAKE);
    } catch (ProtocolException e) {
      throw new HandshakeException("The server's answer to the handshake is not a handshake response: "
          + e.getMessage() + " Received: " + preview(pending.toByteArray()), null, e);
    }
    if (response == null) {
      return null;
    }
    if (!response.isSuccess()) {
      throw new HandshakeException("The server refused the handshake: " + response.error(), response.error(), null);
    }
    return all;
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8)
        .replace("\u001e", "\\u001e");
    return "'" + text + (bytes.length > 200 ? "...'" : "'");
  }
}
