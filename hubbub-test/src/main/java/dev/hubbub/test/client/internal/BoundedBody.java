package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.TransportException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/** A response body read into a byte array, failing instead of growing past a limit. */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int limit;
  private final String what;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.@Nullable Subscription subscription;

  private BoundedBody(int limit, String what) {
    this.limit = limit;
    this.what = what;
  }

  /** Bodies of at most {@code limit} bytes; {@code what} names the limit in the error, e.g. "maxFrameSize". */
  static HttpResponse.BodyHandler<byte[]> handler(int limit, String what) {
    return info -> new BoundedBody(limit, what);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if ((long) bytes.size() + b.remaining() > limit) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
        result.completeExceptionally(new TransportException("The server sent a response body of more than "
            + limit + " bytes (" + what + ")."));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }
}
