package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The fan-out helper and the blocking join. */
class FuturesTest {
  @Test
  void forEachFailsWithTheFirstFailureInArgumentOrder() {
    CompletableFuture<Void> second = new CompletableFuture<>();
    CompletableFuture<Void> third = new CompletableFuture<>();
    CompletableFuture<Void> all = Futures.forEach(List.of(1, 2, 3),
        i -> i == 1 ? CompletableFuture.completedFuture(null) : i == 2 ? second : third);
    third.completeExceptionally(new IllegalStateException("three"));
    assertThat(all).isNotDone();
    second.completeExceptionally(new IllegalStateException("two"));

    assertThatThrownBy(() -> Futures.join(all)).isInstanceOf(IllegalStateException.class).hasMessage("two");
  }

  @Test
  void forEachOfNothingIsDoneAndJoinReturnsValues() {
    assertThat(Futures.forEach(List.<String>of(), s -> new CompletableFuture<>())).isDone();
    assertThat(Futures.join(CompletableFuture.completedFuture(true))).isTrue();
  }
}
