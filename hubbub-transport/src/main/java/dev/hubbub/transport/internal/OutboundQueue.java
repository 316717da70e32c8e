package dev.hubbub.transport.internal;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * What waits to be written to one connection: payloads offered from any thread, taken by the connection's loop
 * when it flushes, the bytes they hold (for the slow-consumer bound), and whoever waits for the queue to drain
 * below a level ({@link dev.hubbub.transport.TransportConnection#whenQueuedAtMost}).
 *
 * <p>The entries link themselves ({@link Outbound#next}), so an empty queue holds no node and queueing allocates
 * none: writers push onto an inbox stack with one compare-and-set; the loop takes the whole inbox at once when its
 * own list runs out and reverses it, which restores the writers' order.
 *
 * <p>{@link ConnectionImpl} extends it rather than holding one: the queue's fields sit in the connection itself, an
 * object fewer per connection and one dependent load fewer for every connection a broadcast reaches (the sender
 * counts the payload's bytes here right after reading the connection's own fields). Its lock, taken only to add
 * and release drain waiters, is the connection's.
 */
abstract class OutboundQueue {
  private static final AtomicLongFieldUpdater<OutboundQueue> BYTES =
      AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "bytes");

  private static final AtomicReferenceFieldUpdater<OutboundQueue, @Nullable Outbound> INBOX =
      AtomicReferenceFieldUpdater.newUpdater(OutboundQueue.class, Outbound.class, "inbox");

  private static final AtomicReferenceFieldUpdater<OutboundQueue, @Nullable Outbound> TAKEN =
      AtomicReferenceFieldUpdater.newUpdater(OutboundQueue.class, Outbound.class, "taken");

  private volatile @Nullable Outbound inbox; // through INBOX: pushed by writers, newest first
  // The loop's, taken from the inbox, oldest first. Volatile, written with release stores (cheap), because a
  // connection that reconnects (stateful reconnect) may continue on another loop.
  private volatile @Nullable Outbound taken;
  private volatile long bytes; // through BYTES: a field, not an object, on every connection
  // Drain waiters: rare, so a lock and a list made on first use; the volatile flag keeps written() cheap.
  private volatile boolean drainWaiters;
  private @Nullable List<DrainWaiter> waiters; // guarded by this

  private record DrainWaiter(long bytes, CompletableFuture<Void> done) {}

  /** The server's count of connections over its backlog mark, which this queue reports its crossings to. */
  abstract Backlog backlog();

  /**
   * Adds {@code delta} to the bytes queued and reports a crossing of the backlog mark; every change of the count
   * goes through here, so the crossings alternate up and down, as the atomic adds are ordered.
   */
  private long addBytes(long delta) {
    long after = BYTES.addAndGet(this, delta);
    Backlog b = backlog();
    long mark = b.markBytes();
    if (after > mark) {
      if (after - delta <= mark) {
        b.entered();
      }
    } else if (after - delta > mark) {
      b.left();
    }
    return after;
  }

  /**
   * Counts {@code size} bytes as queued unless that would take the queue past {@code limit} (always when nothing
   * is queued); the caller then queues them with {@link #addReserved}, or hands them to the loop's fan-out log,
   * or gives them back with {@link #written}.
   *
   * @return -1 when counted, else the bytes queued before them (refused)
   */
  long reserve(int size, long limit) {
    long after = addBytes(size);
    if (after > limit && after - size > 0) {
      addBytes(-size);
      return after - size;
    }
    return -1;
  }

  /** Queues {@code o}, whose bytes {@link #reserve} already counted; the queue takes its reference. */
  void addReserved(Outbound o) {
    Outbound top;
    do {
      top = inbox;
      o.next = top;
    } while (!INBOX.compareAndSet(this, top, o));
  }

  /** Takes the next queued payload (ownership passes to the caller), or null. Loop only. */
  @Nullable Outbound poll() {
    Outbound o = taken;
    if (o == null) {
      Outbound pushed = INBOX.getAndSet(this, null);
      if (pushed == null) {
        return null;
      }
      // Newest first as pushed: reverse into the order they were queued in.
      Outbound rest = pushed.next;
      pushed.next = null;
      while (rest != null) {
        Outbound next = rest.next;
        rest.next = pushed;
        pushed = rest;
        rest = next;
      }
      o = pushed;
    }
    TAKEN.lazySet(this, o.next);
    o.next = null;
    return o;
  }

  /** Whether nothing is queued. Loop only. */
  boolean isEmpty() {
    return taken == null && inbox == null;
  }

  /** Bytes queued and not yet written. */
  long bytes() {
    return bytes;
  }

  /** Marks {@code written} bytes as written to the socket (or handed to a poll response). */
  void written(long written, boolean closed) {
    addBytes(-written);
    if (drainWaiters) {
      releaseWaiters(closed);
    }
  }

  /** Releases everything queued; waiters whose level is reached (all of them when {@code closed}) are told. */
  void discard(boolean closed) {
    Outbound o;
    while ((o = poll()) != null) {
      addBytes(-o.length());
      o.release();
    }
    if (drainWaiters) {
      releaseWaiters(closed);
    }
  }

  /**
   * Completes once at most {@code level} bytes are queued: at once if that is so already (or {@code closed}),
   * else when {@link #written} or {@link #discard} brings the queue there.
   */
  CompletionStage<Void> whenAtMost(long level, boolean closed) {
    DrainWaiter w = new DrainWaiter(level, new CompletableFuture<>());
    synchronized (this) {
      List<DrainWaiter> list = waiters;
      if (list == null) {
        list = new ArrayList<>(2);
        waiters = list;
      }
      list.add(w);
      drainWaiters = true;
    }
    // Checked after registering: a drain between the caller's look and the registration is not missed.
    if (closed || bytes <= level) {
      releaseWaiters(closed);
    }
    return w.done();
  }

  /** Completes the waiters whose level is reached (all of them if {@code all}). */
  void releaseWaiters(boolean all) {
    List<DrainWaiter> ready = null;
    synchronized (this) {
      List<DrainWaiter> list = waiters;
      if (list == null) {
        return;
      }
      long now = bytes;
      for (int i = list.size() - 1; i >= 0; i--) {
        DrainWaiter w = list.get(i);
        if (all || now <= w.bytes()) {
          list.remove(i);
          if (ready == null) {
            ready = new ArrayList<>(2);
          }
          ready.add(w);
        }
      }
      drainWaiters = !list.isEmpty();
    }
    if (ready != null) {
      for (DrainWaiter w : ready) {
        w.done().complete(null);
      }
    }
  }
}
