package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue's own linking (entries chain themselves, writers push onto an inbox the loop takes whole):
 * every entry comes out once, each writer's entries in the order it queued them, while the loop takes them
 * concurrently; and an emptied queue is empty again.
 */
class OutboundQueueTest {

  /** An entry that names its writer (as its length) and its place in that writer's sequence (as its index). */
  private static Outbound entry(int writer, int seq) {
    return new Outbound(Unpooled.EMPTY_BUFFER, seq, writer, TransferFormat.TEXT);
  }

  @Test
  void oneWriterComesOutInOrder() {
    OutboundQueue q = new OutboundQueue() {};
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll()).isNull();
    q.addReserved(entry(0, 0));
    q.addReserved(entry(0, 1));
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.poll().index()).isZero();
    q.addReserved(entry(0, 2)); // queued while the loop holds taken entries: comes after them
    assertThat(q.poll().index()).isEqualTo(1);
    assertThat(q.poll().index()).isEqualTo(2);
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void concurrentWritersKeepTheirOrderAndLoseNothing() throws Exception {
    int writers = 4;
    int each = 50_000;
    OutboundQueue q = new OutboundQueue() {};
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < each; i++) {
          q.addReserved(entry(writer, i));
        }
      }, "outbound-queue-writer-" + w);
      threads.add(t);
      t.start();
    }
    int[] next = new int[writers];
    int taken = 0;
    start.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (taken < writers * each && System.nanoTime() < deadline) {
      Outbound o = q.poll();
      if (o == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(o.next).as("a taken entry is unlinked").isNull();
      assertThat(o.index()).as("writer %d's next entry", o.length()).isEqualTo(next[o.length()]);
      next[o.length()]++;
      taken++;
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(taken).isEqualTo(writers * each);
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }
}
