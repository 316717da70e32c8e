package dev.hubbub.management.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange of a {@link RestClient} attempt: the wire step under the shared token, span, retry and
 * error logic. Implementations fail the future with exceptions that keep the JDK client's meanings, which
 * {@link RestClient} relies on: {@link java.net.ConnectException} (or
 * {@link java.net.http.HttpConnectTimeoutException}) when the request never left, {@link
 * java.net.http.HttpTimeoutException} when no response came within the timeout, another {@link
 * java.io.IOException} when the connection failed after the request may have been sent. Failure messages never
 * contain header values (the token). Thread-safe.
 */
interface RestExchange {
  /**
   * Sends one request.
   *
   * @param method the HTTP method
   * @param url the full request URL (service endpoint, path and query)
   * @param headers the request headers in order: {@code Authorization}, {@code Content-Type} when there is a
   *     body, and the trace context headers
   * @param body the body, or null for none
   * @param timeout how long to wait for the whole response
   * @return the answer, whatever its status
   */
  CompletableFuture<RestResponse> exchange(String method, URI url, Map<String, String> headers, byte @Nullable [] body,
      Duration timeout);

  /** Releases the connections and threads; later exchanges fail. Idempotent. */
  void close();
}
