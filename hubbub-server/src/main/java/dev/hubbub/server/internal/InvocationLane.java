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
 * Runs each connection's invocations on the shared executor, at most {@code maxParallel} at a time per connection
 * and started in arrival order. A task holds its slot until the stage it returns completes, so an async hub method
 * still blocks the next one when the limit is 1, as in ASP.NET Core.
 *
 * <p>One per hub: the policy (executor and limit) is here, and each connection's lane state (its queue, how many
 * run, whether the lane is closed) is three fields of the {@link HubConnection}, guarded by its monitor, so that an
 * idle connection carries no lane object of its own.
 */
final class InvocationLane {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");
  /** The bit of {@link HubConnection#laneState} that says the lane is closed; the bits below count running tasks. */
  private static final int CLOSED = 1 << 30;
  private static final int RUNNING = CLOSED - 1;

  private final Executor executor;
  private final int maxParallel;

  /**
   * @param maxParallel how many of a connection's tasks may run at once, at least 1; above 2<sup>30</sup> - 1 it
   *     acts as that (the count shares an int with the closed bit)
   */
  InvocationLane(Executor executor, int maxParallel) {
    if (maxParallel <= 0) {
      throw new IllegalArgumentException("maxParallel must be positive: " + maxParallel);
    }
    this.executor = executor;
    this.maxParallel = Math.min(maxParallel, RUNNING);
  }

  private static int running(HubConnection c) {
    return c.laneState & RUNNING;
  }

  private static boolean closed(HubConnection c) {
    return (c.laneState & CLOSED) != 0;
  }

  /** Queues a task of {@code c}; false when its lane is closed. */
  boolean submit(HubConnection c, Supplier<? extends CompletionStage<?>> task) {
    boolean startNow;
    synchronized (c) {
      if (closed(c)) {
        return false;
      }
      // A free slot and nothing waiting ahead of it: the task starts now, without a queue.
      startNow = c.laneQueue == null && running(c) < maxParallel;
      if (startNow) {
        c.laneState++;
      } else {
        queued(c).add(task);
      }
    }
    if (startNow) {
      executor.execute(() -> run(c, task));
    } else {
      drain(c, maxParallel);
    }
    return true;
  }

  /**
   * Closes {@code c}'s lane: drops queued tasks that have not started, then runs {@code last}, if given, after the
   * running ones finish. Returns how many were dropped.
   */
  int closeWith(HubConnection c, @Nullable Supplier<? extends CompletionStage<?>> last) {
    int dropped;
    synchronized (c) {
      ArrayDeque<Supplier<? extends CompletionStage<?>>> q = c.laneQueue;
      dropped = q == null ? 0 : q.size();
      c.laneState |= CLOSED;
      if (last == null) {
        c.laneQueue = null;
        return dropped;
      }
      q = queued(c);
      q.clear();
      q.add(last);
    }
    drainAll(c);
    return dropped;
  }

  /** The queue, made if there is none. Hold the connection's monitor. */
  private static ArrayDeque<Supplier<? extends CompletionStage<?>>> queued(HubConnection c) {
    ArrayDeque<Supplier<? extends CompletionStage<?>>> q = c.laneQueue;
    if (q == null) {
      q = new ArrayDeque<>(2);
      c.laneQueue = q;
    }
    return q;
  }

  private void drainAll(HubConnection c) {
    // The final task waits for every running one: it starts when the lane is idle.
    synchronized (c) {
      if (running(c) > 0) {
        return;
      }
    }
    drain(c, 1);
  }

  private void drain(HubConnection c, int limit) {
    while (true) {
      Supplier<? extends CompletionStage<?>> task;
      synchronized (c) {
        ArrayDeque<Supplier<? extends CompletionStage<?>>> q = c.laneQueue;
        int running = running(c);
        if (running >= limit || q == null || (closed(c) && running > 0)) {
          return;
        }
        task = q.poll();
        if (q.isEmpty()) {
          c.laneQueue = null;
        }
        c.laneState++;
      }
      executor.execute(() -> run(c, task));
    }
  }

  private void run(HubConnection c, Supplier<? extends CompletionStage<?>> task) {
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
      synchronized (c) {
        c.laneState--;
        closedNow = closed(c);
      }
      if (closedNow) {
        drainAll(c);
      } else {
        drain(c, maxParallel);
      }
    });
  }
}
