package dev.hubbub.server.internal;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.protocol.hub.StreamItemMessage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes what a hub method's publisher emits as StreamItem messages, then one Completion. A
 * CancelInvocation from the client cancels the subscription and still sends an empty Completion.
 *
 * <p>It exists from the moment the StreamInvocation arrives, before the hub method runs, so a cancel can never
 * come too early: one that arrives first is kept ({@link #isCancelled()}) and the method does not run at all.
 *
 * <p>Items are requested a window at a time, and only while the client keeps up: when more than
 * {@link #PAUSE_ABOVE} bytes wait to be written to it, the next window is requested once they are down to
 * {@link #RESUME_AT} (as ASP.NET Core's stream writer awaits its pipe). Writes never block a thread, and an
 * endless stream to a slow client waits for it instead of filling its queue up to the slow-consumer limit.
 */
final class ServerStream implements Flow.Subscriber<Object> {
  private static final int WINDOW = 16;
  /** Queued bytes towards the client above which the next window waits. */
  static final long PAUSE_ABOVE = 64 * 1024;
  /** Queued bytes the next window waits for once paused. */
  static final long RESUME_AT = 16 * 1024;

  private final HubConnection connection;
  private final Executor executor;
  private final String invocationId;
  private final boolean detailedErrors;
  private final boolean errorTypeNames;
  private volatile @Nullable BiConsumer<ServerStream, @Nullable Throwable> onEnd;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean cancelled;
  private final Cancellation cancellation = new Cancellation();
  private int sinceRequest; // items since the last request: onNext's thread (calls to it are serial)
  private volatile boolean paused; // waiting for the client's queue to drain before requesting more

  /**
   * @param executor where a window requested after a pause is requested from (the publisher's {@code request}
   *     may run hub code: not on the network thread that saw the queue drain)
   */
  ServerStream(HubConnection connection, Executor executor, String invocationId, boolean detailedErrors,
      boolean errorTypeNames) {
    this.connection = connection;
    this.executor = executor;
    this.invocationId = invocationId;
    this.detailedErrors = detailedErrors;
    this.errorTypeNames = errorTypeNames;
  }

  /** What runs once the stream has ended (with its failure, or null); set before the method runs. */
  void onEnd(BiConsumer<ServerStream, @Nullable Throwable> onEnd) {
    this.onEnd = onEnd;
  }

  /** Whether the client cancelled (or the connection closed), maybe before the hub method ran. */
  boolean isCancelled() {
    return cancelled;
  }

  /** Ends a stream whose method will not run (cancelled first, or refused): the Completion, then the end hook. */
  void endWithoutStarting(@Nullable String error) {
    finish(error, null);
  }

  String invocationId() {
    return invocationId;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) {
      s.cancel();
      finish(null, null);
      return;
    }
    s.request(WINDOW);
  }

  @Override
  public void onNext(Object item) {
    // Under the lock that finish() takes: no item can follow the Completion, whichever thread cancels.
    synchronized (this) {
      if (done.get() || cancelled) {
        return;
      }
      connection.send(new StreamItemMessage(invocationId, RawValue.ofJava(item)));
    }
    if (++sinceRequest >= WINDOW / 2 && !paused) {
      int n = sinceRequest;
      sinceRequest = 0;
      requestMore(n);
    }
  }

  /** Requests {@code n} more items now, or once the client has read what waits for it. */
  private void requestMore(int n) {
    Flow.Subscription s = subscription;
    if (s == null) {
      return;
    }
    SessionChannel channel = connection.channel();
    if (channel.queuedBytes() <= PAUSE_ABOVE) {
      s.request(n);
      return;
    }
    // Items already requested still come (at most a window); none more until the queue drains. Also completes
    // when the connection closes: the stream is cancelled then and sends nothing more.
    paused = true;
    channel.whenQueuedAtMost(RESUME_AT).whenCompleteAsync((ignored, error) -> {
      paused = false;
      if (!done.get() && !cancelled) {
        s.request(n);
      }
    }, executor);
  }

  @Override
  public void onError(Throwable error) {
    finish(ErrorMessages.fromHubCode(ErrorMessages.streamingFailed(), error, detailedErrors, errorTypeNames), error);
  }

  @Override
  public void onComplete() {
    finish(null, null);
  }

  /**
   * Marks the stream cancelled at once, on the thread that read the cancel, without touching the publisher: a
   * method that has not started yet will not start. {@link #cancel()} then stops the publisher.
   */
  void cancelRequested() {
    cancelled = true;
    cancellation.cancel();
  }

  /** What a hub method that takes a {@code StreamCancellation} is given for this stream. */
  Cancellation cancellation() {
    return cancellation;
  }

  /** The client cancelled, or the connection closed. */
  void cancel() {
    cancelled = true;
    cancellation.cancel();
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
      finish(null, null);
    }
  }

  private void finish(@Nullable String error, @Nullable Throwable cause) {
    synchronized (this) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      connection.send(error == null ? CompletionMessage.empty(invocationId)
          : CompletionMessage.withError(invocationId, error));
    }
    BiConsumer<ServerStream, @Nullable Throwable> end = onEnd;
    if (end != null) {
      end.accept(this, cause);
    }
  }
}
