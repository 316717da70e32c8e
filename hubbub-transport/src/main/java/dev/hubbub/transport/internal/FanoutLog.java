package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;

/**
 * The fanned-out payloads of one transfer format that an event loop received since its last flush pass, in order.
 * A WebSocket connection that received a run of them with nothing else queued holds only the run's bounds
 * ({@link ConnectionImpl#logStart}, {@link ConnectionImpl#logEnd}): no queue entry per connection and message.
 * In the pass, every connection holding the same run writes a duplicate of one buffer with that run framed
 * (neighbouring payloads share a frame, as {@link WebSocketTransportHandler#flush()} merges them), built once.
 * Confined to its event loop; emptied at the end of every pass, when no connection holds a run any more.
 */
final class FanoutLog {
  /** Frames kept per pass for distinct runs; connections with other runs get a frame of their own. */
  private static final int MAX_CACHED_FRAMES = 8;

  private final TransferFormat format;
  private final ArrayList<Outbound> entries = new ArrayList<>();
  private final ArrayList<Framed> frames = new ArrayList<>(2);

  /** A run's frames, built in this pass. */
  private record Framed(int start, int end, ByteBuf frames) {}

  FanoutLog(TransferFormat format) {
    this.format = format;
  }

  /** Appends a payload (the log takes {@code o}'s reference) and returns its index in this pass. */
  int append(Outbound o) {
    entries.add(o);
    return entries.size() - 1;
  }

  /**
   * The entries {@code start} (inclusive) to {@code end} (exclusive) as WebSocket frames in one buffer, which the
   * caller owns: a duplicate of the pass's copy when another connection asked for the same run.
   */
  ByteBuf frames(int start, int end, ByteBufAllocator alloc) {
    for (int i = 0; i < frames.size(); i++) {
      Framed f = frames.get(i);
      if (f.start() == start && f.end() == end) {
        return f.frames().retainedDuplicate();
      }
    }
    ByteBuf built = build(start, end, alloc);
    if (frames.size() < MAX_CACHED_FRAMES) {
      frames.add(new Framed(start, end, built));
      return built.retainedDuplicate();
    }
    return built;
  }

  private ByteBuf build(int start, int end, ByteBufAllocator alloc) {
    int size = 0;
    for (int i = start; i < end; ) {
      int j = frameEnd(i, end);
      int length = bytes(i, j);
      size += WebSocketTransportHandler.headerSize(length) + length;
      i = j;
    }
    ByteBuf b = alloc.directBuffer(size);
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

  /** Ends a pass: releases the entries and the frames built from them. */
  void clear() {
    for (int i = 0; i < frames.size(); i++) {
      frames.get(i).frames().release();
    }
    frames.clear();
    for (int i = 0; i < entries.size(); i++) {
      entries.get(i).release();
    }
    entries.clear();
  }
}
