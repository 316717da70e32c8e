package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Flushes the connections of one event loop that have queued data, all in one pass, rather than one task per
 * connection: a write from any thread marks its connection and makes sure a pass is coming. It also receives the
 * loop's fan-out batches ({@link FanoutWriter}): each is placed as one entry of the loop's {@link FanoutLog} for
 * its format, the connections that can hold a run of the log note it, and the pass writes those connections
 * first, each its run (framed once per distinct run) followed by whatever else it has queued.
 *
 * <p>Under load a pass writes, to each connection, everything that arrived during the previous pass. With a
 * positive {@code maxFlushDelay} (the default is zero) it also coalesces by time: while passes are short (under {@link #BUSY_PASS_NANOS}) the next
 * one runs as soon as there is data, so an idle server writes at once. Once a pass takes longer, the next one
 * starts no sooner than that pass's duration after it ended (at most {@code maxFlushDelay}): each connection then
 * gets several messages in one gathering write, the per-write cost is shared, and the loop keeps at least half
 * its time for reading sockets and running hub code. A connection marked again during a pass waits for the next
 * pass, so a pass ends even while writes keep coming.
 */
final class LoopFlusher implements Runnable {
  /** Passes shorter than this are not followed by a pause. */
  static final long BUSY_PASS_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final EventLoop loop;
  private final long maxDelayNanos;
  private final ConcurrentLinkedQueue<ConnectionImpl> dirty = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Set at the end of each pass: when the next one may start ({@link System#nanoTime()}). */
  private volatile long notBefore;
  private final SharedPayloads payloads = new SharedPayloads();
  private long pass; // loop only
  /** Fan-out batches handed to the loop and not yet placed (see {@link ConnectionImpl#write}). */
  private final AtomicInteger fanoutsPending = new AtomicInteger();
  // Loop only: this pass's fanned-out payloads per format, and the connections holding a run of them.
  private final FanoutLog textLog = new FanoutLog(TransferFormat.TEXT);
  private final FanoutLog binaryLog = new FanoutLog(TransferFormat.BINARY);
  private final ArrayList<ConnectionImpl> logHolders = new ArrayList<>();

  LoopFlusher(EventLoop loop, long maxDelayNanos) {
    this.loop = loop;
    this.maxDelayNanos = maxDelayNanos;
  }

  /** The shared payload copies of the pass under way (loop only). */
  SharedPayloads payloads() {
    return payloads;
  }

  /** {@code c} has data to flush (any thread; the caller marks {@code c} first, so once per pass). */
  void dirty(ConnectionImpl c) {
    dirty.add(c);
    passComing();
  }

  private void passComing() {
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      schedule();
    }
  }

  /** Whether a fan-out batch is on its way to this loop and not yet placed (any thread). */
  boolean fanoutsPending() {
    return fanoutsPending.get() > 0;
  }

  /**
   * Hands a fan-out batch to the loop (any thread, the loop's own too: a batch is never placed during a pass).
   * Its connections' bytes are counted; a loop that is gone gives them back.
   */
  void submit(FanoutWriter.Batch batch) {
    fanoutsPending.incrementAndGet();
    try {
      loop.execute(() -> place(batch));
    } catch (RejectedExecutionException e) {
      fanoutsPending.decrementAndGet();
      batch.refused();
    }
  }

  /** Queues {@code o} for {@code c} on the loop, behind the fan-out batches handed to it before (any thread). */
  void later(ConnectionImpl c, Outbound o) {
    try {
      loop.execute(() -> c.enqueue(o));
    } catch (RejectedExecutionException e) {
      o.release();
      c.flushRejected();
    }
  }

  /** Loop only. */
  private void place(FanoutWriter.Batch batch) {
    try {
      FanoutLog log = batch.format() == TransferFormat.TEXT ? textLog : binaryLog;
      Outbound entry = batch.entry();
      int index = log.append(entry);
      ConnectionImpl[] targets = batch.targets();
      for (int i = 0, n = batch.size(); i < n; i++) {
        ConnectionImpl c = targets[i];
        try {
          if (c.placeFanout(log, index, entry)) {
            logHolders.add(c);
          }
        } catch (RuntimeException e) {
          c.abort(e); // this connection only
        }
      }
    } finally {
      fanoutsPending.decrementAndGet();
      passComing(); // also when no connection took a run: the pass releases the log
    }
  }

  private void schedule() {
    long wait = notBefore - System.nanoTime();
    try {
      if (wait <= 0) {
        loop.execute(this);
      } else {
        loop.schedule(this, wait, TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException e) {
      // The loop is gone: nothing will be written; release what waits.
      ConnectionImpl c;
      while ((c = dirty.poll()) != null) {
        c.flushRejected();
      }
      scheduled.set(false);
    }
  }

  /** When the pass after one that ended at {@code end} and took {@code took} may start. */
  static long notBefore(long end, long took, long maxDelayNanos) {
    return took < BUSY_PASS_NANOS ? end : end + Math.min(took, maxDelayNanos);
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long id = ++pass;
    @Nullable ConnectionImpl carried = null;
    payloads.open();
    try {
      // Connections holding a run of the fan-out logs: each writes its run, then what else it has queued.
      for (int i = 0; i < logHolders.size(); i++) {
        ConnectionImpl h = logHolders.get(i);
        try {
          h.runFlush();
        } catch (RuntimeException e) {
          h.abort(e);
        } finally {
          h.dropLog(); // written already, unless the connection is not writing (ended meanwhile, or failed)
        }
      }
      logHolders.clear();
      ConnectionImpl c;
      while ((c = dirty.poll()) != null) {
        if (c.flushPass == id) {
          carried = c; // marked again during this pass: its new data waits for the next
          break;
        }
        c.flushPass = id;
        try {
          c.runFlush();
        } catch (RuntimeException e) {
          c.abort(e); // this connection only; the pass goes on
        }
      }
    } finally {
      textLog.clear();
      binaryLog.clear();
      payloads.close();
      long end = System.nanoTime();
      long took = end - start;
      notBefore = notBefore(end, took, maxDelayNanos);
      if (carried != null) {
        dirty.add(carried);
      }
      scheduled.set(false);
      // A writer that found the pass still scheduled left its connection for us: schedule the next pass.
      if (!dirty.isEmpty() && scheduled.compareAndSet(false, true)) {
        schedule();
      }
    }
  }
}
