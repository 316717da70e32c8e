package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.IdentityHashMap;

/**
 * Large payloads in direct memory, copied once per flush pass of an event loop rather than once per
 * connection: a broadcast queues the same (heap) buffer on many connections, and each of them writes a
 * duplicate of one direct copy, so the socket write copies nothing and no connection allocates more than that
 * duplicate. Direct payloads are written as they are. Outside a pass (a flush before a close, say) copies are
 * made for one connection and not kept. Confined to its event loop.
 */
final class SharedPayloads {
  /** A copy made in this pass, with a reference to its source so the source cannot be recycled meanwhile. */
  private record Entry(ByteBuf source, int index, int length, ByteBuf copy) {}

  private final IdentityHashMap<ByteBuf, Entry> copies = new IdentityHashMap<>();
  private boolean open;
  /** Scratch for the payloads of one frame (loop only). */
  final Outbound[] parts = new Outbound[WebSocketTransportHandler.MAX_MERGED_PAYLOADS];

  /** Starts a pass: copies made from now on are kept until {@link #close()}. */
  void open() {
    open = true;
  }

  /** Ends the pass and releases the copies it kept. */
  void close() {
    open = false;
    if (!copies.isEmpty()) {
      for (Entry e : copies.values()) {
        e.copy().release();
        e.source().release();
      }
      copies.clear();
    }
  }

  /** {@code o}'s payload in a direct buffer owned by the caller; {@code o}'s reference is consumed. */
  ByteBuf direct(Outbound o, ByteBufAllocator alloc) {
    ByteBuf source = o.source();
    if (source.isDirect()) {
      return o.payload();
    }
    if (!open) {
      return copy(o, alloc);
    }
    Entry e = copies.get(source);
    if (e != null && e.index() == o.index() && e.length() == o.length()) {
      o.release();
      return e.copy().retainedDuplicate();
    }
    if (e != null) {
      return copy(o, alloc); // the same buffer, other bytes of it: rare, not worth a second entry
    }
    Entry entry = new Entry(source.retain(), o.index(), o.length(), copy(o, FanoutLog.SHARED)); // duplicated
    copies.put(source, entry);
    return entry.copy().retainedDuplicate();
  }

  /** Consumes {@code o}'s reference. */
  private static ByteBuf copy(Outbound o, ByteBufAllocator alloc) {
    try {
      ByteBuf copy = alloc.directBuffer(o.length());
      copy.writeBytes(o.source(), o.index(), o.length());
      return copy;
    } finally {
      o.release();
    }
  }
}
