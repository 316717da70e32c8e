package dev.hubbub.protocol.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.hubbub.protocol.MessageTooLargeException;
import java.nio.ByteBuffer;

/** What handshake requests and responses share: JSON text ended by 0x1E, found before the hub messages. */
final class HandshakeFraming {
  /** Handshake replies are ASCII: the TS client decodes binary frames with String.fromCharCode. */
  static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  /** The default cap on a handshake: generous for two short properties, small enough to stop floods. */
  static final int DEFAULT_MAX_SIZE = 32 * 1024;

  private HandshakeFraming() {}

  /**
   * The index of the separator that ends the handshake at {@code input}'s position, or -1 when it has not
   * arrived yet.
   *
   * @throws MessageTooLargeException when more than {@code maxSize} bytes came without a separator
   */
  static int findEnd(ByteBuffer input, int maxSize) throws MessageTooLargeException {
    int limit = input.limit();
    for (int i = input.position(); i < limit; i++) {
      if (input.get(i) == JsonHubProtocol.RECORD_SEPARATOR) {
        if (i - input.position() > maxSize) {
          throw new MessageTooLargeException(i - input.position(), maxSize);
        }
        return i;
      }
    }
    if (input.remaining() > maxSize) {
      throw new MessageTooLargeException(input.remaining(), maxSize);
    }
    return -1;
  }

  /** Copies the handshake's JSON out of {@code input} and moves its position past the separator. */
  static byte[] take(ByteBuffer input, int end) {
    byte[] json = new byte[end - input.position()];
    input.get(json);
    input.get(); // the separator
    return json;
  }
}
