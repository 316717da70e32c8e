package dev.hubbub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link HubConnectionSet}: the dispatcher's open connections, without a map node per connection. */
class HubConnectionSetTest {
  private static HubConnection connection(String id) {
    return TestConnections.connection(id);
  }

  @Test
  void membersJoinOnceAndLeaveWithTheLastTakingTheirPlace() {
    HubConnectionSet set = new HubConnectionSet();
    HubConnection a = connection("a");
    HubConnection b = connection("b");
    HubConnection c = connection("c");
    set.add(a);
    set.add(b);
    set.add(c);
    set.add(b); // already in: nothing happens
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.snapshot()).containsExactlyInAnyOrder(a, b, c);

    set.remove(a);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.snapshot()).containsExactlyInAnyOrder(b, c);
    set.remove(a); // not in any more
    assertThat(set.size()).isEqualTo(2);
    set.remove(c);
    set.remove(b);
    assertThat(set.size()).isZero();
    assertThat(set.snapshot()).isEmpty();

    set.add(a); // and it may join again
    assertThat(set.snapshot()).containsExactly(a);
  }

  @Test
  void aConnectionOfAnotherSetIsNotRemovedByThisOne() {
    HubConnectionSet one = new HubConnectionSet();
    HubConnectionSet other = new HubConnectionSet();
    HubConnection a = connection("a");
    HubConnection b = connection("b");
    one.add(a);
    other.add(b);
    one.remove(b); // b's slot (0) is a's in this set
    assertThat(one.snapshot()).containsExactly(a);
    assertThat(other.snapshot()).containsExactly(b);
  }

  @Test
  void theArrayGrowsWithABurstAndHalvesWhenItHasGone() {
    HubConnectionSet set = new HubConnectionSet();
    List<HubConnection> burst = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      HubConnection c = connection("c" + i);
      burst.add(c);
      set.add(c);
    }
    assertThat(set.capacity()).isEqualTo(1_024);
    for (HubConnection c : burst.subList(10, 1_000)) {
      set.remove(c);
    }
    assertThat(set.size()).isEqualTo(10);
    assertThat(set.capacity()).isLessThanOrEqualTo(64);
    assertThat(set.snapshot()).containsExactlyInAnyOrderElementsOf(burst.subList(0, 10));
  }

  @Test
  void connectionsJoiningAndLeavingOnManyThreadsAreAllAccountedFor() throws Exception {
    HubConnectionSet set = new HubConnectionSet();
    int threads = 4;
    int each = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<HubConnection>>> kept = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        kept.add(pool.submit(() -> {
          start.await();
          List<HubConnection> stay = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            HubConnection c = connection(thread + "-" + i);
            set.add(c);
            if (i % 2 == 0) {
              set.remove(c);
            } else {
              stay.add(c);
            }
          }
          return stay;
        }));
      }
      start.countDown();
      List<HubConnection> expected = new ArrayList<>();
      for (Future<List<HubConnection>> f : kept) {
        expected.addAll(f.get());
      }
      assertThat(set.size()).isEqualTo(threads * each / 2);
      assertThat(set.snapshot()).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }
}
