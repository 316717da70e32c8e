package dev.hubbub.server.internal;

import dev.hubbub.server.StreamCancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link StreamCancellation} the server fires. Thread-safe. */
final class Cancellation implements StreamCancellation {
  private final CompletableFuture<Void> cancelled = new CompletableFuture<>();

  /** Fires it; later calls do nothing. */
  void cancel() {
    cancelled.complete(null);
  }

  @Override
  public boolean isCancelled() {
    return cancelled.isDone();
  }

  @Override
  public void onCancel(Runnable action) {
    cancelled.thenRun(action);
  }

  @Override
  public CompletionStage<Void> whenCancelled() {
    return cancelled.minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "StreamCancellation[" + (isCancelled() ? "cancelled" : "active") + "]";
  }
}
