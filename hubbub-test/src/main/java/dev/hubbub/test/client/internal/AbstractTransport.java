package dev.hubbub.test.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** What every transport shares: its URL, headers, token, and the once-only close notification. */
abstract class AbstractTransport implements Transport {
  protected final HttpClient http;
  /** The connection URL with {@code id=<token>}; never holds the access token. */
  protected final URI url;
  protected final Map<String, String> headers;
  protected final @Nullable String accessToken;
  protected final TransportListener listener;
  private final AtomicBoolean closed = new AtomicBoolean();

  AbstractTransport(HttpClient http, URI url, Map<String, String> headers, @Nullable String accessToken,
      TransportListener listener) {
    this.http = http;
    this.url = url;
    this.headers = headers;
    this.accessToken = accessToken;
    this.listener = listener;
  }

  /** A request to {@code target} with the user's headers and the token. */
  protected HttpRequest.Builder request(URI target, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout);
    headers.forEach(b::header);
    if (accessToken != null) {
      b.header("Authorization", "Bearer " + accessToken);
    }
    return b;
  }

  /** Tells the listener once; later calls do nothing. */
  protected final void closed(@Nullable Throwable error) {
    if (closed.compareAndSet(false, true)) {
      listener.onClosed(error);
    }
  }

  /** Whether {@link #closed} was called. */
  protected final boolean isClosed() {
    return closed.get();
  }

  /** The URL for messages: no secrets. */
  protected final String where() {
    return Urls.redact(url);
  }
}
