package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Frames ended by {@code 0x1E}; see {@link FrameReader#text(int)}. */
final class TextFrameReader implements FrameReader {
  /** The record separator that ends every text message. */
  static final byte RECORD_SEPARATOR = 0x1E;

  private final int maxMessageSize;
  // Bytes of a message whose separator has not arrived yet; null while idle.
  private @Nullable ByteBuffer pending;

  TextFrameReader(int maxMessageSize) {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public void read(ByteBuffer chunk, FrameSink sink) throws ProtocolException {
    try {
      while (chunk.hasRemaining()) {
        int start = chunk.position();
        int end = indexOfSeparator(chunk, start);
        if (end < 0) {
          append(chunk, chunk.limit() - start);
          return;
        }
        int length = end - start;
        if (pending == null) {
          checkSize(length);
          ByteBuffer payload = chunk.slice();
          payload.limit(length);
          chunk.position(end + 1);
          sink.accept(payload);
        } else {
          ByteBuffer payload = append(chunk, length).flip();
          chunk.position(end + 1);
          pending = null;
          sink.accept(payload);
        }
      }
    } catch (ProtocolException | RuntimeException e) {
      pending = null;
      throw e;
    }
  }

  private static int indexOfSeparator(ByteBuffer chunk, int from) {
    for (int i = from; i < chunk.limit(); i++) {
      if (chunk.get(i) == RECORD_SEPARATOR) {
        return i;
      }
    }
    return -1;
  }

  /** Adds {@code count} bytes of {@code chunk} to the pending message; returns the pending buffer. */
  private ByteBuffer append(ByteBuffer chunk, int count) throws MessageTooLargeException {
    ByteBuffer buffer = pending;
    int have = buffer == null ? 0 : buffer.position();
    checkSize((long) have + count);
    if (buffer == null || buffer.remaining() < count) {
      int capacity = (int) Math.min(maxMessageSize, Math.max(have + count, 2L * Math.max(have, 64)));
      ByteBuffer grown = ByteBuffer.allocate(capacity);
      if (buffer != null) {
        grown.put(buffer.flip());
      }
      buffer = grown;
      pending = grown;
    }
    ByteBuffer part = chunk.slice();
    part.limit(count);
    buffer.put(part);
    chunk.position(chunk.position() + count);
    return buffer;
  }

  private void checkSize(long length) throws MessageTooLargeException {
    if (length > maxMessageSize) {
      throw new MessageTooLargeException(length, maxMessageSize);
    }
  }

  @Override
  public boolean hasPartialMessage() {
    return pending != null;
  }

  @Override
  public void reset() {
    pending = null;
  }
}
