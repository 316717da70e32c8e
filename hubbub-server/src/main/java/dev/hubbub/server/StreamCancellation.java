package dev.hubbub.server;

import java.util.concurrent.CompletionStage;

/**
 * Tells a hub method that its caller no longer wants what it is doing, like .NET's {@code CancellationToken}:
 * declare a parameter of this type and the server passes one (it is not one of the arguments the client sends).
 * For a streaming method it fires when the client cancels the stream or the connection closes; for any other
 * method when the connection closes.
 *
 * <pre>{@code
 * public Stream<String> ticks(int count, StreamCancellation cancellation) {
 *   return Stream.iterate(0, i -> i < count && !cancellation.isCancelled(), i -> i + 1).map(i -> "tick " + i);
 * }
 * }</pre>
 */
public interface StreamCancellation {

  /** Whether the caller cancelled (or went away). */
  boolean isCancelled();

  /** Runs {@code action} once when cancelled (at once, on this thread, if it already is). */
  void onCancel(Runnable action);

  /** Completes when cancelled. */
  CompletionStage<Void> whenCancelled();
}
