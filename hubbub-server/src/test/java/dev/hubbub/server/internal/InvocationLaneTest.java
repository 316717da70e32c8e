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
    assertThat(lane.submit(task("a", first))).isTrue();
    assertThat(lane.submit(task("b", CompletableFuture.completedFuture(null)))).isTrue();
    assertThat(lane.submit(task("c", CompletableFuture.completedFuture(null)))).isTrue();
    runAll();
    assertThat(ran).containsExactly("a");

    assertThat(lane.closeWith(null)).isEqualTo(2);
    assertThat(lane.submit(task("d", CompletableFuture.completedFuture(null)))).isFalse();
    first.complete(null);
    runAll();
    assertThat(ran).containsExactly("a");
    assertThat(pending).isEmpty();
  }

  @Test
  void aFinalTaskWaitsForTheRunningOne() {
    InvocationLane lane = new InvocationLane(pending::add, 2);
    CompletableFuture<?> first = new CompletableFuture<>();
    lane.submit(task("a", first));
    runAll();
    assertThat(lane.closeWith(task("last", CompletableFuture.completedFuture(null)))).isZero();
    runAll();
    assertThat(ran).containsExactly("a");
    first.complete(null);
    runAll();
    assertThat(ran).containsExactly("a", "last");
  }

  @Test
  void closingAnIdleLaneWithoutAFinalTaskDropsNothing() {
    InvocationLane lane = new InvocationLane(pending::add, 1);
    assertThat(lane.closeWith(null)).isZero();
    assertThat(lane.submit(task("a", CompletableFuture.completedFuture(null)))).isFalse();
    runAll();
    assertThat(ran).isEmpty();
  }
}
