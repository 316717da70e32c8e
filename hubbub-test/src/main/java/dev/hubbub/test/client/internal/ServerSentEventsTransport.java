package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.TransportException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Server-Sent Events to receive ({@code GET} with {@code Accept: text/event-stream}; each event's {@code data:}
 * lines, joined with {@code \n}, are one frame) and POST to send. Text only. Unlike a browser's EventSource it
 * sends the token in a header.
 */
public final class ServerSentEventsTransport extends AbstractTransport {
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final Duration connectTimeout;
  private final int maxFrameSize;
  private final PostSender sender;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private volatile Flow.@Nullable Subscription subscription;
  private volatile @Nullable CompletableFuture<?> exchange;

  /**
   * A transport on {@code url}.
   *
   * @param httpTimeout the limit on each POST
   * @param maxFrameSize the largest event accepted
   */
  public ServerSentEventsTransport(HttpClient http, URI url, Map<String, String> headers,
      @Nullable String accessToken, Duration connectTimeout, Duration httpTimeout, int maxFrameSize,
      TransportListener listener) {
    super(http, url, headers, accessToken, listener);
    this.connectTimeout = connectTimeout;
    this.maxFrameSize = maxFrameSize;
    this.sender = new PostSender(this, this::request, url, false, httpTimeout, this::closed);
  }

  @Override
  public CompletableFuture<Void> connect() {
    // No request timeout: it would end the stream. The open is bounded by a timer instead.
    HttpRequest request = request(url, Duration.ofDays(1)).header("Accept", "text/event-stream").GET().build();
    HttpResponse.BodyHandler<byte[]> handler = info -> {
      if (info.statusCode() == 200) {
        opened.complete(null);
        return HttpResponse.BodySubscribers.fromLineSubscriber(new EventReader(), r -> new byte[0],
            StandardCharsets.UTF_8, null);
      }
      return BoundedBody.handler(MAX_ERROR_BODY, "error body").apply(info);
    };
    CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, handler);
    exchange = response;
    response.whenComplete((r, error) -> {
      if (!opened.isDone()) {
        TransportException failure = error != null
            ? new TransportException("Could not open the event stream at " + where() + ": "
                + Failures.describe(error) + ".", Failures.unwrap(error))
            : new TransportException("The event stream request to " + where() + " was answered with "
                + Failures.answer(r.statusCode(), r.body()));
        opened.completeExceptionally(failure);
        closed(failure);
      } else if (error != null) {
        closed(new TransportException("The event stream from " + where() + " failed: " + Failures.describe(error)
            + ".", Failures.unwrap(error)));
      } else {
        closed(null); // the server ended the stream: the connection is over
      }
    });
    ClientThreads.TIMER.schedule(() -> {
      if (!opened.isDone()) {
        TransportException failure = new TransportException("The event stream at " + where()
            + " did not open within " + connectTimeout.toMillis() + " ms.");
        opened.completeExceptionally(failure);
        response.cancel(true);
        closed(failure);
      }
    }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return opened;
  }

  @Override
  public CompletableFuture<Void> send(byte[] data, boolean text) {
    return sender.send(data);
  }

  @Override
  public void stop(Duration timeout) {
    // What was queued (the Close message) goes first; then the stream ends, which ends the connection.
    sender.close().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
      closed(null); // first: ending the exchange below reports a close of its own
      end();
    });
  }

  @Override
  public void abort(Throwable reason) {
    closed(reason);
    end();
  }

  private void end() {
    sender.fail(new TransportException("The connection to " + where() + " is closed."));
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel(); // closes the HTTP connection, which ends the connection on the server
    }
    CompletableFuture<?> e = exchange;
    if (e != null) {
      e.cancel(true);
    }
  }

  /** Parses the event stream: {@code data:} lines until a blank line make one frame; comments are skipped. */
  private final class EventReader implements Flow.Subscriber<String> {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (isClosed()) {
        return;
      }
      if (line.isEmpty()) {
        if (hasData) {
          byte[] frame = data.toString().getBytes(StandardCharsets.UTF_8);
          data.setLength(0);
          hasData = false;
          listener.onFrame(frame);
        }
        return;
      }
      if (line.startsWith(":")) {
        return;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      if (!field.equals("data")) {
        return; // event, id, retry: SignalR does not use them
      }
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
      if (data.length() > maxFrameSize) {
        TransportException failure = new TransportException("The server sent a Server-Sent Event of more than "
            + maxFrameSize + " bytes (maxFrameSize).");
        closed(failure);
        end();
      }
    }

    @Override
    public void onError(Throwable error) {
      closed(new TransportException("The event stream from " + where() + " failed: " + Failures.describe(error)
          + ".", Failures.unwrap(error)));
    }

    @Override
    public void onComplete() {
      closed(null);
    }
  }
}
