package dev.hubbub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java 17 hub pool: a thread per concurrently busy task up to its maximum, a queue beyond, none idle. */
class WorkersTest {
  private final List<ThreadPoolExecutor> pools = new ArrayList<>();

  @AfterEach
  void tearDown() {
    pools.forEach(ThreadPoolExecutor::shutdownNow);
  }

  private ThreadPoolExecutor pool(int max, Duration keepAlive) {
    ThreadPoolExecutor p = Workers.elasticPool(max, keepAlive, "test-hub-");
    pools.add(p);
    return p;
  }

  private static void awaitIdleWorker(ThreadPoolExecutor pool) {
    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
        .until(() -> ((Workers.ElasticQueue) pool.getQueue()).hasWaitingConsumer());
  }

  @Test
  void tasksOneAfterAnotherReuseTheIdleThread() throws Exception {
    ThreadPoolExecutor pool = pool(16, Duration.ofSeconds(60));
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 50; i++) {
      pool.submit(() -> ran.add(Thread.currentThread())).get(10, TimeUnit.SECONDS);
      awaitIdleWorker(pool);
    }
    assertThat(ran).hasSize(1);
    assertThat(pool.getPoolSize()).isEqualTo(1);
    assertThat(ran.iterator().next().getName()).isEqualTo("test-hub-1");
    assertThat(ran.iterator().next().isDaemon()).isTrue();
  }

  @Test
  void busyTasksGetAThreadEachUpToTheMaximumAndTheRestWait() throws Exception {
    ThreadPoolExecutor pool = pool(4, Duration.ofSeconds(60));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(4);
    List<Future<?>> blocked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocked.add(pool.submit(() -> {
        started.countDown();
        release.await();
        return null;
      }));
    }
    // All four run at once: none waits behind another.
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.getPoolSize()).isEqualTo(4);

    Future<String> fifth = pool.submit(() -> Thread.currentThread().getName());
    assertThat(pool.getQueue()).hasSize(1);
    assertThat(fifth.isDone()).isFalse();
    release.countDown();
    assertThat(fifth.get(10, TimeUnit.SECONDS)).startsWith("test-hub-");
    for (Future<?> f : blocked) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(pool.getLargestPoolSize()).isEqualTo(4);
  }

  @Test
  void idleThreadsEndAfterTheKeepAliveAndTheNextTaskStartsOneAgain() throws Exception {
    ThreadPoolExecutor pool = pool(4, Duration.ofMillis(50));
    pool.submit(() -> null).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getPoolSize() == 0);
    assertThat(pool.submit(() -> "again").get(10, TimeUnit.SECONDS)).isEqualTo("again");
  }

  @Test
  void aShutPoolRefusesTasks() {
    ThreadPoolExecutor pool = pool(4, Duration.ofSeconds(60));
    pool.shutdown();
    assertThatThrownBy(() -> pool.execute(() -> { }))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("The hub executor is shut down");
  }
}
