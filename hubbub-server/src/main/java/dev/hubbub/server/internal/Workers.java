package dev.hubbub.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threads hub code runs on: virtual threads where the runtime has them, else a bounded pool. */
public final class Workers {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  private Workers() {}

  /** How long a queued task may wait for a thread before the Java 17 pool starts another. */
  static final Duration GROW_AFTER = Duration.ofMillis(5);

  /**
   * One virtual thread per task on Java 21+, else a pool of up to {@code max(16, 8 x cores)} daemon threads that
   * grows only when a task has waited {@link #GROW_AFTER} for a busy one.
   */
  public static ExecutorService hubExecutor() {
    try {
      Object executor = MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
      log.debug("Hub methods run on virtual threads");
      return (ExecutorService) executor;
    } catch (Throwable e) {
      int threads = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
      log.debug("Hub methods run on a pool of up to {} threads (no virtual threads in this runtime)", threads);
      return elasticPool(threads, Duration.ofSeconds(60), GROW_AFTER, "hubbub-hub-");
    }
  }

  /**
   * A pool of at most {@code max} daemon threads. A task goes to an idle thread if one waits; else it queues, and
   * when the oldest queued task has waited {@code growAfter} (the pool's threads are all busy, or blocked) another
   * thread starts, up to {@code max}; beyond that tasks queue without bound. Threads idle for {@code keepAlive}
   * end.
   *
   * <p>A plain {@link ThreadPoolExecutor} with {@code max} core threads starts a new thread for each of its
   * first {@code max} tasks even when the earlier ones sit idle; a pool that started a thread whenever no thread
   * was idle at that instant still started one per few tasks of a burst of clients connecting to a hub with an
   * {@code onConnected} (on a busy core a thread that has just finished a task is not yet back waiting), each
   * with its stack and malloc arena, for tasks that took microseconds. Waiting a few milliseconds tells a busy
   * core from busy threads.
   */
  static ThreadPoolExecutor elasticPool(int max, Duration keepAlive, Duration growAfter, String threadPrefix) {
    ElasticQueue queue = new ElasticQueue(growAfter.toNanos());
    // One core thread that may time out like the others: the pool starts it whenever it has no thread at all,
    // and can start it again for a task queued while the last thread was ending (below).
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue,
        daemon(threadPrefix), (task, p) -> {
          if (p.isShutdown()) {
            throw new RejectedExecutionException("The hub executor is shut down");
          }
          if (task == ElasticQueue.GROW) {
            return; // the pool reached its maximum meanwhile: nothing to start
          }
          // Another caller took the last thread between our offer and the pool's attempt to start one: the task
          // queues. A thread that was ending looks at the queue after it has left the pool's set, so either it
          // sees this task and is replaced, or the pool is seen empty here and a thread starts.
          queue.enqueue(task);
          if (p.getPoolSize() == 0) {
            p.prestartCoreThread();
          }
        });
    pool.allowCoreThreadTimeOut(true);
    queue.pool = pool;
    return pool;
  }

  /**
   * Hands a task to an idle worker if one is waiting, else queues it with the time it came, and has the pool
   * start a thread once the oldest queued task has waited the pool's {@code growAfter} (checked by one timer
   * thread shared by every pool, which ends when idle).
   */
  static final class ElasticQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    /** Executed only to make the pool start a thread, which then takes the oldest queued task. */
    static final Runnable GROW = () -> { };
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final long growAfterNanos;
    private transient volatile @Nullable ThreadPoolExecutor pool;
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private final AtomicBoolean grow = new AtomicBoolean();

    ElasticQueue(long growAfterNanos) {
      this.growAfterNanos = growAfterNanos;
    }

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("hubbub-hub-timer-"));
      t.setKeepAliveTime(60, TimeUnit.SECONDS);
      t.allowCoreThreadTimeOut(true);
      t.setRemoveOnCancelPolicy(true);
      return t;
    }

    @Override
    public boolean offer(Runnable task) {
      if (task == GROW) {
        // Refused, so that the pool starts a thread for it, unless an idle one appeared meanwhile.
        return tryTransfer(task) || !grow.compareAndSet(true, false) && super.offer(task);
      }
      if (tryTransfer(task)) {
        return true;
      }
      enqueue(task);
      return true;
    }

    void enqueue(Runnable task) {
      super.offer(task instanceof Queued ? task : new Queued(task, System.nanoTime()));
      scheduleCheck(growAfterNanos);
    }

    private void scheduleCheck(long delayNanos) {
      if (checkPending.compareAndSet(false, true)) {
        TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
      }
    }

    /** Starts a thread if the oldest queued task has waited long enough and the pool may grow. */
    private void check() {
      checkPending.set(false);
      ThreadPoolExecutor p = pool;
      Runnable head = peek();
      if (p == null || p.isShutdown() || !(head instanceof Queued q)) {
        return;
      }
      long waited = System.nanoTime() - q.queuedNanos;
      if (waited < growAfterNanos) {
        scheduleCheck(growAfterNanos - waited);
        return;
      }
      if (p.getPoolSize() < p.getMaximumPoolSize()) {
        grow.set(true);
        p.execute(GROW);
        grow.set(false);
      }
      if (!isEmpty()) {
        scheduleCheck(growAfterNanos);
      }
    }
  }

  /** A queued task and when it was queued. */
  private record Queued(Runnable task, long queuedNanos) implements Runnable {
    @Override
    public void run() {
      task.run();
    }
  }

  /**
   * Threads that complete client-result futures. Separate from the hub pool so a hub method blocked on a
   * client result never waits for a free hub thread to be woken.
   */
  public static ExecutorService callbackExecutor() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemon("hubbub-callback-"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
