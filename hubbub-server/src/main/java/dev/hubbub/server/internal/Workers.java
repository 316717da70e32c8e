package dev.hubbub.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threads hub code runs on: virtual threads where the runtime has them, else a bounded pool. */
public final class Workers {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  private Workers() {}

  /**
   * One virtual thread per task on Java 21+, else a pool of up to {@code max(16, 8 x cores)} daemon threads that
   * grows only while every thread it has is busy.
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
      return elasticPool(threads, Duration.ofSeconds(60), "hubbub-hub-");
    }
  }

  /**
   * A pool of at most {@code max} daemon threads that starts a thread only when a task finds none idle, and
   * queues tasks (without bound) only when all {@code max} are busy. Threads idle for {@code keepAlive} end.
   *
   * <p>A plain {@link ThreadPoolExecutor} with {@code max} core threads starts a new thread for each of its
   * first {@code max} tasks even when the earlier ones sit idle: a burst of clients connecting to a hub with
   * an {@code onConnected} left a pool of 16 threads (their stacks and malloc arenas) behind tasks that took
   * microseconds each.
   */
  static ThreadPoolExecutor elasticPool(int max, Duration keepAlive, String threadPrefix) {
    ElasticQueue queue = new ElasticQueue();
    // One core thread that may time out like the others: the pool starts it whenever it has no thread at all,
    // and can start it again for a task queued while the last thread was ending (below).
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, max, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue,
        daemon(threadPrefix), (task, p) -> {
          if (p.isShutdown()) {
            throw new RejectedExecutionException("The hub executor is shut down");
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
   * Hands a task to an idle worker if one is waiting; otherwise refuses it while the pool may still grow, so
   * that {@link ThreadPoolExecutor} starts a thread for it, and queues it once the pool is at its maximum.
   */
  static final class ElasticQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    private transient volatile @Nullable ThreadPoolExecutor pool;

    @Override
    public boolean offer(Runnable task) {
      if (tryTransfer(task)) {
        return true;
      }
      ThreadPoolExecutor p = pool;
      if (p != null && p.getPoolSize() < p.getMaximumPoolSize()) {
        return false;
      }
      return super.offer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
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
