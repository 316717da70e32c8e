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

/**
 * The Java 17 hub pool: a thread for each task that waited its grow delay behind busy ones, up to its maximum, a
 * queue beyond, none idle.
 */
class WorkersTest {
  private final List<ThreadPoolExecutor> pools = new ArrayList<>();

  @AfterEach
  void tearDown() {
    pools.forEach(ThreadPoolExecutor::shutdownNow);
  }

  private ThreadPoolExecutor pool(int max, Duration keepAlive) {
    return pool(max, keepAlive, Workers.GROW_AFTER);
  }

  private ThreadPoolExecutor pool(int max, Duration keepAlive, Duration growAfter) {
    ThreadPoolExecutor p = Workers.elasticPool(max, keepAlive, growAfter, "test-hub-");
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
  void aBurstOfShortTasksRunsOnTheThreadItHasWhileThatKeepsUp() throws Exception {
    // Long enough that no task of the burst waits it even on a loaded machine: the pool must not grow at all.
    ThreadPoolExecutor pool = pool(16, Duration.ofSeconds(60), Duration.ofSeconds(2));
    Set<Thread> ran = ConcurrentHashMap.newKeySet();
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      all.add(pool.submit(() -> ran.add(Thread.currentThread())));
    }
    for (Future<?> f : all) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(ran).hasSize(1);
    assertThat(pool.getLargestPoolSize()).isEqualTo(1);
  }

  @Test
  void queuedTasksGetThreadsInTheOrderTheyCameOnceTheyHaveWaited() throws Exception {
    ThreadPoolExecutor pool = pool(8, Duration.ofSeconds(60), Duration.ofMillis(20));
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(5);
    List<Future<?>> blocked = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      blocked.add(pool.submit(() -> {
        order.add(n);
        started.countDown();
        release.await();
        return null;
      }));
    }
    // Each task after the first waited behind blocked threads and got one: none is left waiting for the others.
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
    assertThat(pool.getPoolSize()).isEqualTo(5);
    release.countDown();
    for (Future<?> f : blocked) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(pool.getLargestPoolSize()).isEqualTo(5);
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
