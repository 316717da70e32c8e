package dev.hubbub.transport.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How many of a server's connections have more than {@code backlogBytes} queued towards their clients: Netty's
 * channel writability, counted once for the whole server. A connection reports each time its queued bytes cross the
 * mark ({@link OutboundQueue}), so the count costs nothing per connection to read, where looking at every
 * connection's queue before each broadcast costs a visit per connection. Thread-safe.
 */
final class Backlog {
  private static final CompletableFuture<Void> CLEAR = CompletableFuture.completedFuture(null);

  private final long markBytes;
  // A crossing is counted after the atomic add that made it, so two connections' reports (or one connection's
  // up and down from two threads) can land in either order: the count may dip below zero for a moment.
  private final AtomicInteger count = new AtomicInteger();
  private @Nullable CompletableFuture<Void> clear; // guarded by this; made by the first waiter while backlogged

  Backlog(long markBytes) {
    this.markBytes = markBytes;
  }

  /** Bytes a connection may have queued before it counts as backlogged. */
  long markBytes() {
    return markBytes;
  }

  /** A connection's queue went over the mark (any thread). */
  void entered() {
    if (count.incrementAndGet() == 0) {
      released();
    }
  }

  /** A connection's queue came back to the mark or below it, or was released (any thread). */
  void left() {
    if (count.decrementAndGet() == 0) {
      released();
    }
  }

  private void released() {
    CompletableFuture<Void> waiting;
    synchronized (this) {
      waiting = clear;
      clear = null;
    }
    if (waiting != null) {
      waiting.complete(null);
    }
  }

  /** Connections over the mark now. */
  int count() {
    return Math.max(0, count.get());
  }

  /** Completes once no connection is over the mark: at once if none is now. */
  CompletionStage<Void> whenClear() {
    if (count.get() <= 0) {
      return CLEAR.minimalCompletionStage();
    }
    synchronized (this) {
      // A report that brings the count to zero takes this lock after its add: it either finds this future, or
      // this check sees the zero.
      if (count.get() <= 0) {
        return CLEAR.minimalCompletionStage();
      }
      CompletableFuture<Void> f = clear;
      if (f == null) {
        f = new CompletableFuture<>();
        clear = f;
      }
      return f.minimalCompletionStage();
    }
  }
}
