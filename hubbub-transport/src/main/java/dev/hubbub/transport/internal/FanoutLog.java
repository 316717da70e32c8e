package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The fanned-out payloads of one transfer format that an event loop received and not every connection has written
 * yet, in order. A WebSocket connection that received a run of them with nothing else queued holds only the run's
 * bounds ({@link ConnectionImpl#logStart}, {@link ConnectionImpl#logEnd}): no queue entry per connection and
 * message. In a flush pass, every connection holding the same run writes a duplicate of one buffer with that run
 * framed (neighbouring payloads share a frame, as {@link WebSocketTransportHandler#flush()} merges them), built
 * once. Payloads placed while a pass is under way extend the runs of the connections it has not reached yet and
 * start new runs for the others; at the end of each pass the log lets go of the payloads no run holds any more
 * ({@link #compact}). Confined to its event loop.
 */
final class FanoutLog {
  /**
   * Frames kept per pass for distinct runs, the oldest replaced by a newer one: a pass meets the connections in
   * about the order it met them last time, so those sharing a run come one after the other.
   */
  private static final int MAX_CACHED_FRAMES = 8;

  /**
   * Where buffers that many connections each write a duplicate of come from: Netty's pooled allocator, whose
   * duplicates are recycled objects (one per write in flight), where the default adaptive allocator's are a new
   * object per connection. A broadcast to 5,000 connections spent more than a quarter of its flush pass's Java
   * time making those (JFR execution samples); the raw Netty bench peer frames its broadcasts this way too.
   */
  static final ByteBufAllocator SHARED = PooledByteBufAllocator.DEFAULT;

  private final TransferFormat format;
  private final ArrayList<Outbound> entries = new ArrayList<>();
  /**
   * The number of {@code entries.get(0)}: runs hold numbers that never change while the log lets go of its
   * oldest entries (so a connection listed twice for the next pass cannot be renumbered twice). The numbers wrap
   * around after 2^32 entries; only differences between them are used, and those stay small.
   */
  private int base;
  private final ArrayList<Framed> frames = new ArrayList<>(2);
  private int nextReplaced; // which cached frame a new run replaces once the cache is full

  /** A run's frames, built in this pass. */
  private record Framed(int start, int end, ByteBuf frames) {}

  FanoutLog(TransferFormat format) {
    this.format = format;
  }

  /** Appends a payload (the log takes {@code o}'s reference) and returns its number. */
  int append(Outbound o) {
    entries.add(o);
    return base + entries.size() - 1;
  }

  /**
   * The entries {@code start} (inclusive) to {@code end} (exclusive) as WebSocket frames in one buffer, which the
   * caller owns: a duplicate of the pass's copy when another connection asked for the same run.
   */
  ByteBuf frames(int start, int end) {
    for (int i = 0; i < frames.size(); i++) {
      Framed f = frames.get(i);
      if (f.start() == start && f.end() == end) {
        return f.frames().retainedDuplicate();
      }
    }
    ByteBuf built = build(start - base, end - base);
    Framed framed = new Framed(start, end, built);
    if (frames.size() < MAX_CACHED_FRAMES) {
      frames.add(framed);
    } else {
      frames.set(nextReplaced, framed).frames().release();
      nextReplaced = (nextReplaced + 1) % MAX_CACHED_FRAMES;
    }
    return built.retainedDuplicate();
  }

  /** Entries {@code start} (inclusive) to {@code end} (exclusive), counted from the first one kept, framed. */
  private ByteBuf build(int start, int end) {
    int size = 0;
    for (int i = start; i < end; ) {
      int j = frameEnd(i, end);
      int length = bytes(i, j);
      size += WebSocketTransportHandler.headerSize(length) + length;
      i = j;
    }
    ByteBuf b = SHARED.directBuffer(size);
    for (int i = start; i < end; ) {
      int j = frameEnd(i, end);
      WebSocketTransportHandler.writeHeader(b, format, bytes(i, j));
      for (int k = i; k < j; k++) {
        Outbound o = entries.get(k);
        b.writeBytes(o.source(), o.index(), o.length());
      }
      i = j;
    }
    return b;
  }

  /** The payload bytes of entries {@code i} (inclusive) to {@code j} (exclusive). */
  private int bytes(int i, int j) {
    int length = 0;
    for (int k = i; k < j; k++) {
      length += entries.get(k).length();
    }
    return length;
  }

  /** Where the frame that starts with entry {@code i} ends: the transport's merge limits, as for queued payloads. */
  private int frameEnd(int i, int end) {
    int count = 1;
    long length = entries.get(i).length();
    int j = i + 1;
    while (j < end && count < WebSocketTransportHandler.MAX_MERGED_PAYLOADS
        && length + entries.get(j).length() <= WebSocketTransportHandler.MAX_MERGED_BYTES) {
      length += entries.get(j).length();
      count++;
      j++;
    }
    return j;
  }

  /**
   * Ends a pass: releases the frames built in it and the payloads before the earliest run that {@code holders}
   * (the connections left holding runs) still hold.
   */
  void compact(List<ConnectionImpl> holders) {
    for (int i = 0; i < frames.size(); i++) {
      frames.get(i).frames().release();
    }
    frames.clear();
    nextReplaced = 0;
    int first = entries.size(); // counted from the first entry kept
    for (int i = 0; i < holders.size(); i++) {
      ConnectionImpl c = holders.get(i);
      if (c.logOf == this) {
        first = Math.min(first, c.logStart - base);
      }
    }
    if (first <= 0) {
      return;
    }
    for (int i = 0; i < first; i++) {
      entries.get(i).release();
    }
    entries.subList(0, first).clear();
    base += first;
  }
}
