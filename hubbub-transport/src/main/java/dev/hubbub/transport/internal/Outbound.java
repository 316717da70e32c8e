package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One queued payload: the caller's buffer with one reference owned by the queue (not a duplicate, so that every
 * connection queueing the same message names the same buffer and its direct copy is made once per flush pass, see
 * {@link SharedPayloads}), where the payload lies in it, and its framing. Also an entry of a {@link FanoutLog}.
 *
 * <p>An entry sits in at most one {@link OutboundQueue} at a time and links to the next one there itself, so that
 * a queue needs no node per payload and an empty queue holds nothing.
 */
final class Outbound {
  private final ByteBuf source;
  private final int index;
  private final int length;
  private final TransferFormat format;
  /** The entry queued after this one; {@link OutboundQueue}'s alone. */
  @Nullable Outbound next;

  Outbound(ByteBuf source, int index, int length, TransferFormat format) {
    this.source = source;
    this.index = index;
    this.length = length;
    this.format = format;
  }

  /** The buffer the payload lies in. */
  ByteBuf source() {
    return source;
  }

  /** Where the payload starts in {@link #source()}. */
  int index() {
    return index;
  }

  /** The payload's length in bytes. */
  int length() {
    return length;
  }

  /** The payload's framing. */
  TransferFormat format() {
    return format;
  }

  /** The payload as a slice owning this entry's reference: releasing it releases the entry. */
  ByteBuf payload() {
    return source.slice(index, length);
  }

  /** Drops this entry's reference. */
  void release() {
    source.release();
  }

  @Override
  public String toString() {
    return "Outbound[" + length + " bytes, " + format + "]";
  }
}
