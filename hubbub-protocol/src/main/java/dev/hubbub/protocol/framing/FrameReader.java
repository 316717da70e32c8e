package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Splits a byte stream into messages: several messages in one read, one message split over several reads.
 *
 * <p>A reader holds no buffer while idle: bytes are handed to the sink straight from the caller's buffer,
 * and only the tail of a message that is split over reads is copied, into a buffer sized to that message
 * (never beyond the size limit, never to a size a peer merely declared). Not thread-safe: one reader per
 * connection, used by one thread at a time.
 */
public interface FrameReader {
  /**
   * Reads all of {@code chunk}, passing each complete message to {@code sink} and keeping the tail of an
   * incomplete one. On a {@link ProtocolException} the partial state is dropped and the stream should be
   * closed, since message boundaries are lost.
   */
  void read(ByteBuffer chunk, FrameSink sink) throws ProtocolException;

  /** Whether the last read ended inside a message. */
  boolean hasPartialMessage();

  /** Drops any partial message. */
  void reset();

  /** A reader of binary frames: a {@link VarInt} length prefix before each message. */
  static FrameReader binary(int maxMessageSize) {
    return new BinaryFrameReader(maxMessageSize);
  }

  /** A reader of text frames: each message followed by the record separator {@code 0x1E}. */
  static FrameReader text(int maxMessageSize) {
    return new TextFrameReader(maxMessageSize);
  }
}
