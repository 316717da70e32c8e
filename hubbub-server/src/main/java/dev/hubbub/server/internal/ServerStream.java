package dev.hubbub.server.internal;

import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.protocol.hub.StreamItemMessage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes what a hub method's publisher emits as StreamItem messages, then one Completion. A
 * CancelInvocation from the client cancels the subscription and still sends an empty Completion.
 *
 * <p>Items are requested a window at a time; writes never block, and a client that does not read is cut
 * off by the transport's outbound limit.
 */
final class ServerStream implements Flow.Subscriber<Object> {
  private static final int WINDOW = 16;

  private final HubConnection connection;
  private final String invocationId;
  private final boolean detailedErrors;
  private final BiConsumer<ServerStream, @Nullable Throwable> onEnd;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile Flow.@Nullable Subscription subscription;
  private volatile boolean cancelled;
  private int sinceRequest;

  ServerStream(HubConnection connection, String invocationId, boolean detailedErrors,
      BiConsumer<ServerStream, @Nullable Throwable> onEnd) {
    this.connection = connection;
    this.invocationId = invocationId;
    this.detailedErrors = detailedErrors;
    this.onEnd = onEnd;
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
    if (done.get() || cancelled) {
      return;
    }
    connection.send(new StreamItemMessage(invocationId, RawValue.ofJava(item)));
    if (++sinceRequest >= WINDOW / 2) {
      sinceRequest = 0;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(WINDOW / 2);
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    finish(ErrorMessages.build(ErrorMessages.streamingFailed(), error, detailedErrors), error);
  }

  @Override
  public void onComplete() {
    finish(null, null);
  }

  /** The client cancelled, or the connection closed. */
  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
      finish(null, null);
    }
  }

  private void finish(@Nullable String error, @Nullable Throwable cause) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    connection.send(error == null ? CompletionMessage.empty(invocationId)
        : CompletionMessage.withError(invocationId, error));
    onEnd.accept(this, cause);
  }
}
