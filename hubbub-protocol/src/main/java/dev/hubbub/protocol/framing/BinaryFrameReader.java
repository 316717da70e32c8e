package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Length-prefixed frames; see {@link FrameReader#binary(int)}. */
final class BinaryFrameReader implements FrameReader {
  private final int maxMessageSize;
  // Partial prefix bytes or a partial message (prefix included); null while idle.
  private @Nullable ByteBuffer pending;

  BinaryFrameReader(int maxMessageSize) {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public void read(ByteBuffer chunk, FrameSink sink) throws ProtocolException {
    try {
      ByteBuffer partial = pending;
      if (partial != null) {
        completePending(partial, chunk, sink);
      }
      while (pending == null && chunk.hasRemaining()) {
        int start = chunk.position();
        int length = VarInt.read(chunk);
        if (length == VarInt.INCOMPLETE) {
          stash(chunk, start, VarInt.MAX_BYTES);
          return;
        }
        checkSize(length);
        if (chunk.remaining() < length) {
          int prefix = chunk.position() - start;
          chunk.position(start);
          stash(chunk, start, prefix + length);
          return;
        }
        ByteBuffer payload = chunk.slice();
        payload.limit(length);
        chunk.position(chunk.position() + length);
        sink.accept(payload);
      }
    } catch (ProtocolException | RuntimeException e) {
      pending = null;
      throw e;
    }
  }

  private void completePending(ByteBuffer partial, ByteBuffer chunk, FrameSink sink) throws ProtocolException {
    ByteBuffer buffer = partial;
    // Grow the prefix first if it was split, then the body.
    ByteBuffer view = buffer.duplicate().flip();
    int length = VarInt.read(view);
    while (length == VarInt.INCOMPLETE) {
      if (!chunk.hasRemaining()) {
        return;
      }
      buffer.put(chunk.get());
      view = buffer.duplicate().flip();
      length = VarInt.read(view);
    }
    checkSize(length);
    int prefix = view.position();
    int total = prefix + length;
    if (buffer.capacity() < total) {
      ByteBuffer grown = ByteBuffer.allocate(total);
      grown.put(buffer.flip());
      buffer = grown;
      this.pending = grown;
    }
    int take = Math.min(total - buffer.position(), chunk.remaining());
    ByteBuffer part = chunk.slice();
    part.limit(take);
    buffer.put(part);
    chunk.position(chunk.position() + take);
    if (buffer.position() == total) {
      ByteBuffer payload = buffer.flip().position(prefix);
      this.pending = null;
      sink.accept(payload);
    }
  }

  private void stash(ByteBuffer chunk, int start, int capacity) {
    chunk.position(start);
    ByteBuffer copy = ByteBuffer.allocate(capacity);
    copy.put(chunk);
    pending = copy;
  }

  private void checkSize(int length) throws MessageTooLargeException {
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
