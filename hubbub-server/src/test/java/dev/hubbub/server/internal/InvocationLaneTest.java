package dev.hubbub.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The lane's ordering and closing, on an executor the test steps by hand. */
class InvocationLaneTest {
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private final HubConnection c = TestConnections.connection("c");
  private final List<String> ran = new ArrayList<>();

  private void runAll() {
    Runnable r;
    while ((r = pending.poll()) != null) {
      r.run();
    }
  }

  private Supplier<CompletionStage<?>> task(String name, CompletableFuture<?> done) {
    return () -> {
      ran.add(name);
      return done;
    };
  }

  @Test
  void closingWithoutAFinalTaskDropsTheQueuedOnesAndRunsNothingMore() {
    InvocationLane lane = new InvocationLane(pending::add, 1);
    CompletableFuture<?> first = new CompletableFuture<>();
    assertThat(lane.submit(c, task("a", first))).isTrue();
    assertThat(lane.submit(c, task("b", CompletableFuture.completedFuture(null)))).isTrue();
    assertThat(lane.submit(c, task("c", CompletableFuture.completedFuture(null)))).isTrue();
    runAll();
    assertThat(ran).containsExactly("a");

    assertThat(lane.closeWith(c, null)).isEqualTo(2);
    assertThat(lane.submit(c, task("d", CompletableFuture.completedFuture(null)))).isFalse();
    first.complete(null);
    runAll();
    assertThat(ran).containsExactly("a");
    assertThat(pending).isEmpty();
  }

  @Test
  void aFinalTaskWaitsForTheRunningOne() {
    InvocationLane lane = new InvocationLane(pending::add, 2);
    CompletableFuture<?> first = new CompletableFuture<>();
    lane.submit(c, task("a", first));
    runAll();
    assertThat(lane.closeWith(c, task("last", CompletableFuture.completedFuture(null)))).isZero();
    runAll();
    assertThat(ran).containsExactly("a");
    first.complete(null);
    runAll();
    assertThat(ran).containsExactly("a", "last");
  }

  @Test
  void closingAnIdleLaneWithoutAFinalTaskDropsNothing() {
    InvocationLane lane = new InvocationLane(pending::add, 1);
    assertThat(lane.closeWith(c, null)).isZero();
    assertThat(lane.submit(c, task("a", CompletableFuture.completedFuture(null)))).isFalse();
    runAll();
    assertThat(ran).isEmpty();
  }

  @Test
  void eachConnectionHasItsOwnLaneUnderOnePolicy() {
    InvocationLane lane = new InvocationLane(pending::add, 1);
    HubConnection other = TestConnections.connection("other");
    CompletableFuture<?> first = new CompletableFuture<>();
    lane.submit(c, task("a", first));
    lane.submit(c, task("b", CompletableFuture.completedFuture(null)));
    lane.submit(other, task("x", CompletableFuture.completedFuture(null)));
    runAll();
    // c's second task waits for its first; the other connection's does not.
    assertThat(ran).containsExactly("a", "x");
    assertThat(lane.closeWith(other, null)).isZero();
    assertThat(lane.submit(other, task("y", CompletableFuture.completedFuture(null)))).isFalse();
    first.complete(null);
    runAll();
    assertThat(ran).containsExactly("a", "x", "b");
    assertThat(c.laneQueue).isNull();
    assertThat(c.laneState).isZero();
  }

  @Test
  void aLimitAsLargeAsAnIntStillLeavesRoomForTheClosedBit() {
    InvocationLane lane = new InvocationLane(pending::add, Integer.MAX_VALUE);
    CompletableFuture<?> open = new CompletableFuture<>();
    for (int i = 0; i < 100; i++) {
      assertThat(lane.submit(c, task("t" + i, open))).isTrue();
    }
    runAll();
    assertThat(ran).hasSize(100);
    assertThat(lane.closeWith(c, null)).isZero();
    assertThat(lane.submit(c, task("late", open))).isFalse();
    open.complete(null);
    runAll();
    assertThat(ran).hasSize(100);
  }
}
