package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The engine of {@link dev.hubbub.transport.Fanout}: collects one send's connections per event loop and payload,
 * then hands each loop one task with its batch. One sender thread; not reusable after {@link #dispatch()}.
 */
public final class FanoutWriter {
  private final ArrayList<Batch> batches = new ArrayList<>(2);
  private boolean dispatched;

  /** The connections of one loop that get one payload. */
  static final class Batch {
    private final LoopFlusher flusher;
    private final Outbound entry;
    // Taken from the loop's spares (see LoopFlusher#targetArray): a broadcast to 10,000 connections would otherwise
    // grow a fresh array to 16,384 slots, 128 KB of garbage per send.
    private ConnectionImpl[] targets;
    private int size;

    Batch(LoopFlusher flusher, Outbound entry) {
      this.flusher = flusher;
      this.entry = entry;
      this.targets = flusher.targetArray();
    }

    /** The payload, holding one reference of the batch's own, which the loop's log takes over. */
    Outbound entry() {
      return entry;
    }

    TransferFormat format() {
      return entry.format();
    }

    ConnectionImpl[] targets() {
      return targets;
    }

    int size() {
      return size;
    }

    void add(ConnectionImpl c) {
      if (size == targets.length) {
        targets = Arrays.copyOf(targets, size * 2);
      }
      targets[size++] = c;
    }

    /** The loop is gone: give back the bytes the connections counted, and the payload's reference. */
    void refused() {
      for (int i = 0; i < size; i++) {
        targets[i].flushRejected(entry.length());
      }
      entry.release();
    }
  }

  /** Writes {@code payload} to {@code connection} as part of this fan-out; see {@link TransportConnection#write}. */
  public boolean write(TransportConnection connection, ByteBuf payload) {
    if (dispatched) {
      throw new IllegalStateException("This fan-out was dispatched already; make a new one for each send");
    }
    if (connection instanceof ConnectionImpl c) {
      return c.fanoutWrite(payload, this);
    }
    return connection.write(payload);
  }

  /** Adds {@code c} (bytes counted) to the batch of its loop for {@code payload}. */
  void add(LoopFlusher flusher, ConnectionImpl c, ByteBuf payload, TransferFormat format) {
    for (int i = 0; i < batches.size(); i++) {
      Batch b = batches.get(i);
      Outbound e = b.entry;
      if (b.flusher == flusher && e.source() == payload && e.index() == payload.readerIndex()
          && e.length() == payload.readableBytes() && e.format() == format) {
        b.add(c);
        return;
      }
    }
    Batch b = new Batch(flusher,
        new Outbound(payload.retain(), payload.readerIndex(), payload.readableBytes(), format));
    b.add(c);
    batches.add(b);
  }

  /** Hands every loop its batch. */
  public void dispatch() {
    dispatched = true;
    for (int i = 0; i < batches.size(); i++) {
      Batch b = batches.get(i);
      b.flusher.submit(b);
    }
    batches.clear();
  }
}
