package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Flushes the connections of one event loop that have queued data, all in one pass, rather than one task per
 * connection: a write from any thread marks its connection and makes sure a pass is coming. It also receives the
 * loop's fan-out batches ({@link FanoutWriter}): each is placed as one entry of the loop's {@link FanoutLog} for
 * its format, the connections that can hold a run of the log note it, and the pass writes those connections
 * first, each its run (framed once per distinct run) followed by whatever else it has queued.
 *
 * <p>Under load a pass writes each connection once, everything it has by the time the pass reaches it. A pass
 * over many connections gives the loop back every {@link #CHUNK} connections when fan-outs are waiting to be
 * placed or a {@link #SLICE_NANOS} slice is used up: the loop reads its sockets and places the fan-outs, and the
 * connections the pass has not reached yet take them in this pass. A message is therefore on its way to every
 * connection within about one pass, not two (the rest of the pass under way, then the next one). Connections
 * with direct writes are flushed at every such break too.
 *
 * <p>With a positive {@code maxFlushDelay} (the default is zero) it also coalesces by time: while passes are short
 * (under {@link #BUSY_PASS_NANOS}) the next one runs as soon as there is data, so an idle server writes at once.
 * Once a pass takes longer, the next one starts no sooner than that pass's duration after it ended (at most
 * {@code maxFlushDelay}): each connection then gets several messages in one gathering write, the per-write cost
 * is shared, and the loop keeps at least half its time for reading sockets and running hub code. A connection
 * marked again during a pass waits for the next pass, so a pass ends even while writes keep coming.
 */
final class LoopFlusher implements Runnable {
  /** Passes shorter than this are not followed by a pause. */
  static final long BUSY_PASS_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Connections a pass writes between looks at what else waits on the loop. */
  static final int CHUNK = 32;
  /** How long a pass writes before it gives the loop back even when no fan-out waits. */
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** How many emptied fan-out target arrays a loop keeps for reuse. */
  static final int SPARE_TARGET_ARRAYS = 4;

  private final EventLoop loop;
  private final long maxDelayNanos;
  private final ConcurrentLinkedQueue<ConnectionImpl> dirty = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Set at the end of each pass: when the next one may start ({@link System#nanoTime()}). */
  private volatile long notBefore;
  private final SharedPayloads payloads = new SharedPayloads();
  /** Fan-out batches handed to the loop and not yet placed (see {@link ConnectionImpl#write}). */
  private final AtomicInteger fanoutsPending = new AtomicInteger();
  /**
   * Emptied target arrays of placed fan-out batches, for the next ones ({@link #targetArray}): a few, so that
   * senders on several threads each find one.
   */
  private final AtomicReferenceArray<ConnectionImpl @Nullable []> spareTargets =
      new AtomicReferenceArray<>(SPARE_TARGET_ARRAYS);
  // Loop only from here on.
  /** Numbers each slice of a pass; a connection's {@code flushPass} is the slice that last flushed it. */
  private long step;
  /** The first slice of the pass under way (or of the last one). */
  private long passFirstStep;
  private boolean passing;
  private long passStart;
  // The fanned-out payloads per format, and the connections holding a run of them: those this pass writes (from
  // the cursor on) and those that started a run after this pass wrote them.
  private final FanoutLog textLog = new FanoutLog(TransferFormat.TEXT);
  private final FanoutLog binaryLog = new FanoutLog(TransferFormat.BINARY);
  private ArrayList<ConnectionImpl> holders = new ArrayList<>();
  private ArrayList<ConnectionImpl> nextHolders = new ArrayList<>();
  private int cursor;

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
   * Hands a fan-out batch to the loop (any thread, the loop's own too: a batch is placed by a task of its own,
   * between slices of a pass). Its connections' bytes are counted; a loop that is gone gives them back.
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
      loop.execute(() -> c.enqueueBehind(o));
    } catch (RejectedExecutionException e) {
      o.release();
      c.enqueueBehind(null);
      c.flushRejected();
    }
  }

  /**
   * Runs {@code task} on the loop behind the fan-out batches handed to it before (any thread); dropped when the
   * loop is gone.
   */
  void later(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // the loop is gone, and with it the connection
    }
  }

  /** An empty array for a fan-out batch's targets: a spare one if there is, else a small new one (any thread). */
  ConnectionImpl[] targetArray() {
    for (int i = 0; i < SPARE_TARGET_ARRAYS; i++) {
      ConnectionImpl[] a = spareTargets.get(i);
      if (a != null && spareTargets.compareAndSet(i, a, null)) {
        return a;
      }
    }
    return new ConnectionImpl[16];
  }

  /** Empties the first {@code used} slots of a placed batch's array and keeps it for another, if there is room. */
  void recycle(ConnectionImpl[] targets, int used) {
    Arrays.fill(targets, 0, used, null);
    for (int i = 0; i < SPARE_TARGET_ARRAYS; i++) {
      if (spareTargets.get(i) == null && spareTargets.compareAndSet(i, null, targets)) {
        return;
      }
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
            // A pass under way writes it if it has not written it yet; otherwise the next pass does.
            (passing && c.flushPass >= passFirstStep ? nextHolders : holders).add(c);
          }
        } catch (RuntimeException e) {
          c.abort(e); // this connection only
        }
      }
    } finally {
      recycle(batch.targets(), batch.size());
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

  /** A pass, or its next slice. */
  @Override
  public void run() {
    if (!passing) {
      passing = true;
      passStart = System.nanoTime();
      passFirstStep = step + 1;
      payloads.open();
    }
    long sliceStart = System.nanoTime();
    boolean paused = false;
    try {
      step++;
      int written = 0;
      // Connections holding a run of the fan-out logs: each writes its run, then what else it has queued.
      while (cursor < holders.size()) {
        ConnectionImpl h = holders.get(cursor++);
        h.flushPass = step;
        try {
          h.runFlush();
        } catch (RuntimeException e) {
          h.abort(e);
        } finally {
          h.dropLog(); // written already, unless the connection is not writing (ended meanwhile, or failed)
        }
        if (++written % CHUNK == 0 && cursor < holders.size()
            && (fanoutsPending() || System.nanoTime() - sliceStart >= SLICE_NANOS)) {
          flushDirty();
          if (pause()) {
            paused = true;
            return;
          }
          sliceStart = System.nanoTime();
        }
      }
      flushDirty();
    } finally {
      if (!paused) {
        endPass();
      }
    }
  }

  /** Flushes the connections with direct writes queued; one marked again meanwhile waits for the next slice. */
  private void flushDirty() {
    long id = ++step;
    ConnectionImpl c;
    while ((c = dirty.poll()) != null) {
      if (c.flushPass == id) {
        dirty.add(c); // marked again while this slice ran: its new data waits for the next
        return;
      }
      c.flushPass = id;
      try {
        c.runFlush();
      } catch (RuntimeException e) {
        c.abort(e); // this connection only; the pass goes on
      }
    }
  }

  /** Gives the loop back until the pass's next slice; false when the loop takes no more tasks. */
  private boolean pause() {
    try {
      if (loop.isShuttingDown()) {
        loop.execute(this); // scheduled tasks are cancelled at shutdown; the rest of the pass must still run
      } else {
        loop.schedule(this, 0, TimeUnit.NANOSECONDS); // runs after the loop's next look at its sockets
      }
      return true;
    } catch (RejectedExecutionException e) {
      return false; // finish the pass at once
    }
  }

  private void endPass() {
    try {
      // Only after an unexpected error are there connections this pass did not reach: the next pass writes them.
      for (int i = cursor; i < holders.size(); i++) {
        nextHolders.add(holders.get(i));
      }
      holders.clear();
      cursor = 0;
      ArrayList<ConnectionImpl> next = nextHolders;
      nextHolders = holders;
      holders = next;
      textLog.compact(holders);
      binaryLog.compact(holders);
    } finally {
      payloads.close();
      passing = false;
      long end = System.nanoTime();
      notBefore = notBefore(end, end - passStart, maxDelayNanos);
      scheduled.set(false);
      // Writers and fan-outs that found the pass still scheduled left their work for us: schedule the next pass.
      if ((!dirty.isEmpty() || !holders.isEmpty()) && scheduled.compareAndSet(false, true)) {
        schedule();
      }
    }
  }
}
