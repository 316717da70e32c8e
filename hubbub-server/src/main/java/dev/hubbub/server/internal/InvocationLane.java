package dev.hubbub.server.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's invocations on the shared executor, at most {@code maxParallel} at a time and
 * started in arrival order. A task holds its slot until the stage it returns completes, so an async hub
 * method still blocks the next one when the limit is 1, as in ASP.NET Core.
 */
final class InvocationLane {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  private final Executor executor;
  private final int maxParallel;
  // Guarded by this. The queue exists only while tasks wait: an idle connection should not carry one.
  private @Nullable ArrayDeque<Supplier<? extends CompletionStage<?>>> queue;
  private int running;
  private boolean closed;

  InvocationLane(Executor executor, int maxParallel) {
    this.executor = executor;
    this.maxParallel = maxParallel;
  }

  /** Queues a task; false when the lane is closed. */
  boolean submit(Supplier<? extends CompletionStage<?>> task) {
    boolean startNow;
    synchronized (this) {
      if (closed) {
        return false;
      }
      // A free slot and nothing waiting ahead of it: the task starts now, without a queue.
      startNow = queue == null && running < maxParallel;
      if (startNow) {
        running++;
      } else {
        queued().add(task);
      }
    }
    if (startNow) {
      executor.execute(() -> run(task));
    } else {
      drain();
    }
    return true;
  }

  /**
   * Drops queued tasks that have not started, then runs {@code last}, if given, after the running ones finish.
   * Returns how many were dropped.
   */
  int closeWith(@Nullable Supplier<? extends CompletionStage<?>> last) {
    int dropped;
    synchronized (this) {
      ArrayDeque<Supplier<? extends CompletionStage<?>>> q = queue;
      dropped = q == null ? 0 : q.size();
      closed = true;
      if (last == null) {
        queue = null;
        return dropped;
      }
      q = queued();
      q.clear();
      q.add(last);
    }
    drainAll();
    return dropped;
  }

  /** The queue, made if there is none. Hold the lock. */
  private ArrayDeque<Supplier<? extends CompletionStage<?>>> queued() {
    ArrayDeque<Supplier<? extends CompletionStage<?>>> q = queue;
    if (q == null) {
      q = new ArrayDeque<>(2);
      queue = q;
    }
    return q;
  }

  private void drain() {
    drain(maxParallel);
  }

  private void drainAll() {
    // The final task waits for every running one: it starts when the lane is idle.
    synchronized (this) {
      if (running > 0) {
        return;
      }
    }
    drain(1);
  }

  private void drain(int limit) {
    while (true) {
      Supplier<? extends CompletionStage<?>> task;
      synchronized (this) {
        ArrayDeque<Supplier<? extends CompletionStage<?>>> q = queue;
        if (running >= limit || q == null || (closed && running > 0)) {
          return;
        }
        task = q.poll();
        if (q.isEmpty()) {
          queue = null;
        }
        running++;
      }
      executor.execute(() -> run(task));
    }
  }

  private void run(Supplier<? extends CompletionStage<?>> task) {
    CompletionStage<?> stage;
    try {
      stage = task.get();
    } catch (Throwable e) {
      log.error("Hub task failed", e);
      stage = CompletableFuture.completedFuture(null);
    }
    if (stage == null) {
      stage = CompletableFuture.completedFuture(null);
    }
    stage.whenComplete((r, e) -> {
      boolean closedNow;
      synchronized (this) {
        running--;
        closedNow = closed;
      }
      if (closedNow) {
        drainAll();
      } else {
        drain();
      }
    });
  }
}
