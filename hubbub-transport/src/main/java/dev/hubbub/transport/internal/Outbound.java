package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;

/**
 * One queued payload: the caller's buffer with one reference owned by the queue (not a duplicate, so that every
 * connection queueing the same broadcast names the same buffer and the WebSocket frame is built once per flush
 * pass, see {@link FrameCache}), where the payload lies in it, and its framing.
 */
record Outbound(ByteBuf source, int index, int length, TransferFormat format) {

  /** The payload as a slice owning this entry's reference: releasing it releases the entry. */
  ByteBuf payload() {
    return source.slice(index, length);
  }

  /** Drops this entry's reference. */
  void release() {
    source.release();
  }
}
