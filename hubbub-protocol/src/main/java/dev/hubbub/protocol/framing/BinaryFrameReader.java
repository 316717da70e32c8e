package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/** Length-prefixed frames; see {@link FrameReader#binary(int)}. */
final class BinaryFrameReader implements FrameReader {
  private final int maxMessageSize;
  // Partial prefix bytes or a partial message (prefix included); null while idle.
  private ByteBuffer pending;

  BinaryFrameReader(int maxMessageSize) {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  @Override
  public void read(ByteBuffer chunk, FrameSink sink) throws ProtocolException {
    try {
      if (pending != null) {
        completePending(chunk, sink);
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

  private void completePending(ByteBuffer chunk, FrameSink sink) throws ProtocolException {
    // Grow the prefix first if it was split, then the body.
    ByteBuffer view = pending.duplicate().flip();
    int length = VarInt.read(view);
    while (length == VarInt.INCOMPLETE) {
      if (!chunk.hasRemaining()) {
        return;
      }
      pending.put(chunk.get());
      view = pending.duplicate().flip();
      length = VarInt.read(view);
    }
    checkSize(length);
    int prefix = view.position();
    int total = prefix + length;
    if (pending.capacity() < total) {
      ByteBuffer grown = ByteBuffer.allocate(total);
      grown.put(pending.flip());
      pending = grown;
    }
    int take = Math.min(total - pending.position(), chunk.remaining());
    ByteBuffer part = chunk.slice();
    part.limit(take);
    pending.put(part);
    chunk.position(chunk.position() + take);
    if (pending.position() == total) {
      ByteBuffer payload = pending.flip().position(prefix);
      pending = null;
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
