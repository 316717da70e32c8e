package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;

/**
 * One queued payload: the caller's buffer with one reference owned by the queue (not a duplicate, so that every
 * connection queueing the same message names the same buffer and its direct copy is made once per flush pass, see
 * {@link SharedPayloads}), where the payload lies in it, and its framing. Also an entry of a {@link FanoutLog}.
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
