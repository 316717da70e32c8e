package dev.hubbub.server.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threads hub code runs on: virtual threads where the runtime has them, else a bounded pool. */
public final class Workers {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  private Workers() {}

  /** One virtual thread per task on Java 21+, else a fixed pool of {@code max(16, 8 x cores)} daemon threads. */
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
      log.debug("Hub methods run on a pool of {} threads (no virtual threads in this runtime)", threads);
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), daemon("hubbub-hub-"));
      pool.allowCoreThreadTimeOut(true);
      return pool;
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
