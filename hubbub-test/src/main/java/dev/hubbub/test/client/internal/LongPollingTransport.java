package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.TransportException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Long polling: {@code GET ?id=&_=<ms>} in a loop (the first poll answers at once and activates the connection;
 * 200 with a body is a frame, 200 empty means poll again, 204 means closed), POST to send, {@code DELETE ?id=}
 * to stop. No keep-alive pings or server timeout: polls keep the connection alive.
 */
public final class LongPollingTransport extends AbstractTransport {
  private final Duration connectTimeout;
  private final Duration pollTimeout;
  private final Duration httpTimeout;
  private final int maxFrameSize;
  private final PostSender sender;
  private volatile boolean stopping;
  private volatile @Nullable CompletableFuture<?> poll;

  /**
   * A transport on {@code url}.
   *
   * @param pollTimeout how long one poll may wait
   * @param httpTimeout the limit on POSTs and the DELETE
   * @param maxFrameSize the largest poll response accepted
   * @param binary whether sends are MessagePack ({@code application/octet-stream})
   */
  public LongPollingTransport(HttpClient http, URI url, Map<String, String> headers, @Nullable String accessToken,
      Duration connectTimeout, Duration pollTimeout, Duration httpTimeout, int maxFrameSize, boolean binary,
      TransportListener listener) {
    super(http, url, headers, accessToken, listener);
    this.connectTimeout = connectTimeout;
    this.pollTimeout = pollTimeout;
    this.httpTimeout = httpTimeout;
    this.maxFrameSize = maxFrameSize;
    this.sender = new PostSender(this, this::request, url, binary, httpTimeout, this::closed);
  }

  private HttpRequest pollRequest(Duration timeout) {
    return request(Urls.withQuery(url, "_", Long.toString(System.currentTimeMillis())), timeout).GET().build();
  }

  @Override
  public CompletableFuture<Void> connect() {
    return http.sendAsync(pollRequest(connectTimeout), BoundedBody.handler(maxFrameSize, "maxFrameSize"))
        .handle((response, error) -> {
          if (error != null) {
            throw new CompletionException(new TransportException("The first long poll to " + where() + " failed: "
                + Failures.describe(error) + ".", Failures.unwrap(error)));
          }
          if (response.statusCode() != 200) {
            throw new CompletionException(new TransportException("The first long poll to " + where()
                + " was answered with " + Failures.answer(response.statusCode(), response.body())));
          }
          if (response.body().length > 0) {
            listener.onFrame(response.body());
          }
          ClientThreads.POOL.execute(this::poll);
          return null;
        });
  }

  private void poll() {
    if (stopping || isClosed()) {
      return;
    }
    CompletableFuture<HttpResponse<byte[]>> current =
        http.sendAsync(pollRequest(pollTimeout), BoundedBody.handler(maxFrameSize, "maxFrameSize"));
    poll = current;
    current.whenComplete((response, error) -> {
      if (error != null) {
        Throwable e = Failures.unwrap(error);
        if (e instanceof HttpTimeoutException && !stopping) {
          poll(); // nothing arrived within the poll timeout: poll again, as the official clients do
        } else if (stopping) {
          closed(null);
        } else {
          closed(e instanceof TransportException t ? t : new TransportException("A long poll to " + where()
              + " failed: " + Failures.describe(e) + ".", e));
        }
        return;
      }
      switch (response.statusCode()) {
        case 200 -> {
          if (response.body().length > 0) {
            listener.onFrame(response.body());
          }
          poll();
        }
        case 204 -> closed(null); // the server closed the connection
        default -> {
          closed(new TransportException("A long poll to " + where() + " was answered with "
              + Failures.answer(response.statusCode(), response.body())));
        }
      }
    });
  }

  @Override
  public CompletableFuture<Void> send(byte[] data, boolean text) {
    return sender.send(data);
  }

  @Override
  public void stop(Duration timeout) {
    stopping = true;
    // What was queued (the Close message) goes first. Then DELETE: 202 and the pending poll answers 204; 404 means
    // the server already forgot the connection. Either way it is over.
    sender.close().whenComplete((v, e) -> http.sendAsync(request(url, httpTimeout).DELETE().build(),
        HttpResponse.BodyHandlers.discarding()));
    ClientThreads.TIMER.schedule(() -> {
      CompletableFuture<?> p = poll;
      if (p != null) {
        p.cancel(true);
      }
      closed(null);
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void abort(Throwable reason) {
    stopping = true;
    closed(reason); // first: cancelling the poll below reports a close of its own
    sender.fail(reason);
    CompletableFuture<?> p = poll;
    if (p != null) {
      p.cancel(true);
    }
  }
}
