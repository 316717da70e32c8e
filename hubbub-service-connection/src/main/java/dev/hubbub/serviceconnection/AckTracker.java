package dev.hubbub.serviceconnection;

import org.jspecify.annotations.Nullable;
import dev.hubbub.protocol.service.AckMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@code *WithAck} messages waiting for the service's {@link AckMessage}: each gets an id from
 * {@link #expect}, and its future completes with the Ack, or fails when none came within the timeout. Futures
 * complete on the {@code callbacks} executor, never on the WebSocket's thread. Thread-safe.
 */
public final class AckTracker {
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final ScheduledExecutorService scheduler;
  private final Executor callbacks;

  /** A waiting Ack: its id goes into the message, its future completes with the answer. */
  public static final class Pending {
    private final int id;
    private final CompletableFuture<AckMessage> future = new CompletableFuture<>();
    private volatile @Nullable ScheduledFuture<?> timer;

    private Pending(int id) {
      this.id = id;
    }

    /** The id to put in the message. */
    public int id() {
      return id;
    }

    /** Completes with the service's Ack (any status), or fails on timeout or {@link #failAll}. */
    public CompletableFuture<AckMessage> future() {
      return future;
    }
  }

  /**
   * @param scheduler runs the timeouts
   * @param callbacks completes the futures
   */
  public AckTracker(ScheduledExecutorService scheduler, Executor callbacks) {
    this.scheduler = scheduler;
    this.callbacks = callbacks;
  }

  /**
   * A new waiting Ack that fails with {@code onTimeout}'s exception unless answered within {@code timeout}.
   * Call {@link #cancel} when the message could not be sent.
   */
  public Pending expect(Duration timeout, Supplier<? extends Throwable> onTimeout) {
    Pending p = new Pending(ids.incrementAndGet());
    pending.put(p.id, p);
    try {
      p.timer = scheduler.schedule(() -> {
        if (pending.remove(p.id, p)) {
          completeLater(p, f -> f.completeExceptionally(onTimeout.get()));
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(p.id);
      p.future.completeExceptionally(onTimeout.get());
    }
    return p;
  }

  /** Forgets a waiting Ack whose message was never sent; its future is left as it is. */
  public void cancel(Pending p) {
    if (pending.remove(p.id, p) && p.timer != null) {
      p.timer.cancel(false);
    }
  }

  /** Completes the waiting Ack {@code ack} answers; false when none waits for it (late or unknown). */
  public boolean complete(AckMessage ack) {
    Pending p = pending.remove(ack.ackId());
    if (p == null) {
      return false;
    }
    if (p.timer != null) {
      p.timer.cancel(false);
    }
    completeLater(p, f -> f.complete(ack));
    return true;
  }

  /** Fails every waiting Ack (owner closing). */
  public void failAll(Supplier<? extends Throwable> why) {
    for (Pending p : List.copyOf(pending.values())) {
      if (pending.remove(p.id, p)) {
        if (p.timer != null) {
          p.timer.cancel(false);
        }
        p.future.completeExceptionally(why.get());
      }
    }
  }

  /** How many Acks are awaited. */
  public int size() {
    return pending.size();
  }

  private void completeLater(Pending p, Consumer<CompletableFuture<AckMessage>> action) {
    try {
      callbacks.execute(() -> action.accept(p.future));
    } catch (RejectedExecutionException e) {
      action.accept(p.future);
    }
  }
}
