package dev.hubbub.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Threads for the transport's concurrency tests. */
public final class TestThreads {
  private TestThreads() {
  }

  /**
   * Starts {@code n} threads named {@code name-0} to {@code name-(n-1)} that run {@code body} with their number, all
   * released at once so that their work overlaps; returns them for the caller to join. A thread interrupted before
   * its release ends without running {@code body}.
   */
  public static List<Thread> startTogether(int n, String name, IntConsumer body) {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int index = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        body.accept(index);
      }, name + "-" + t);
      threads.add(th);
      th.start();
    }
    start.countDown();
    return threads;
  }
}
