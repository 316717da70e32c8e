package dev.hubbub.transport.internal;

import static dev.hubbub.transport.TestThreads.startTogether;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbound queue's own linking (entries chain themselves, writers push onto an inbox the loop takes whole):
 * every entry comes out once, each writer's entries in the order it queued them, while the loop takes them
 * concurrently; and an emptied queue is empty again.
 */
class OutboundQueueTest {
  private static final Backlog NO_MARK = new Backlog(Long.MAX_VALUE);

  /** A queue reporting to {@code backlog}. */
  private static OutboundQueue queue(Backlog backlog) {
    return new OutboundQueue() {
      @Override
      Backlog backlog() {
        return backlog;
      }
    };
  }

  /** An entry that names its writer (as its length) and its place in that writer's sequence (as its index). */
  private static Outbound entry(int writer, int seq) {
    return new Outbound(Unpooled.EMPTY_BUFFER, seq, writer, TransferFormat.TEXT);
  }

  @Test
  void oneWriterComesOutInOrder() {
    OutboundQueue q = queue(NO_MARK);
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
    OutboundQueue q = queue(NO_MARK);
    int[] next = new int[writers];
    int taken = 0;
    List<Thread> threads = startTogether(writers, "outbound-queue-writer", writer -> {
      for (int i = 0; i < each; i++) {
        q.addReserved(entry(writer, i));
      }
    });
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

  @Test
  void crossingsOfTheBacklogMarkAreCountedBothWays() {
    Backlog b = new Backlog(100);
    OutboundQueue q = queue(b);
    OutboundQueue other = queue(b);
    assertThat(q.reserve(100, Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(b.count()).as("at the mark").isZero();
    q.reserve(1, Long.MAX_VALUE);
    assertThat(b.count()).isEqualTo(1);
    q.reserve(500, Long.MAX_VALUE);
    other.reserve(101, Long.MAX_VALUE);
    assertThat(b.count()).as("once per queue, however far over").isEqualTo(2);
    var clear = b.whenClear().toCompletableFuture();
    q.written(501, false);
    assertThat(b.count()).as("back at the mark").isEqualTo(1);
    other.written(101, false);
    assertThat(b.count()).isZero();
    assertThat(clear).isDone();
    // A payload refused past the queue's limit counts neither way.
    assertThat(q.reserve(1_000, 500)).isEqualTo(100);
    assertThat(b.count()).isZero();
  }

  @Test
  void crossingsFromManyThreadsEndAtZero() throws Exception {
    Backlog b = new Backlog(64);
    int queues = 4;
    List<OutboundQueue> qs = new ArrayList<>();
    for (int i = 0; i < queues; i++) {
      qs.add(queue(b));
    }
    int threads = 4;
    int each = 100_000;
    // Each thread adds and takes back its own bytes on every queue: adds and subtracts interleave across threads,
    // so crossings are reported in every order.
    List<Thread> ts = startTogether(threads, "backlog-writer", seed -> {
      for (int i = 0; i < each; i++) {
        OutboundQueue q = qs.get((seed + i) % queues);
        int size = 1 + (i * 31 + seed) % 60;
        q.reserve(size, Long.MAX_VALUE);
        q.written(size, false);
      }
    });
    for (Thread th : ts) {
      th.join(TimeUnit.SECONDS.toMillis(60));
    }
    for (OutboundQueue q : qs) {
      assertThat(q.bytes()).isZero();
    }
    assertThat(b.count()).isZero();
    assertThat(b.whenClear().toCompletableFuture()).isDone();
  }
}
