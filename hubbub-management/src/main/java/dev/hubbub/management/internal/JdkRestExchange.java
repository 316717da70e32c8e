package dev.hubbub.management.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Exchanges through a JDK {@link HttpClient}: the path taken when the user gives one
 * ({@code ServiceManagerBuilder.httpClient}), e.g. for a proxy or custom TLS. Either {@code sendAsync} or
 * blocking {@code send} calls on a pool of its own (see {@link #blockingThreads()}).
 */
final class JdkRestExchange implements RestExchange {
  /** Threads making blocking REST calls where {@code sendAsync} would start a thread per call: calls in flight at most. */
  static final int BLOCKING_THREADS = 64;

  private final HttpClient http;
  // null: HttpClient.sendAsync; otherwise blocking HttpClient.send on these threads (see blockingThreads())
  private final @Nullable ExecutorService blocking;

  /** Exchanges through {@code http}, with {@code blockingThreads} threads making blocking calls (0: {@code sendAsync}). */
  JdkRestExchange(HttpClient http, int blockingThreads) {
    this.http = http;
    this.blocking = blockingThreads == 0 ? null : blockingPool(blockingThreads);
  }

  /**
   * How many threads make blocking calls: 0 (use {@code sendAsync}) when {@link CompletableFuture}'s default
   * async pool is the common pool, else {@link #BLOCKING_THREADS}. {@code HttpClient.sendAsync} hands every
   * response to that default pool, which is a new thread per task when the common pool's parallelism is 1 (a
   * JVM that sees 1 or 2 processors): a thread started and ended per REST call, which cost more CPU than all
   * the rest of the call (SdkThroughput, docs/benchmarks.md). {@code HttpClient.send} does not hand over.
   */
  static int blockingThreads() {
    return ForkJoinPool.getCommonPoolParallelism() > 1 ? 0 : BLOCKING_THREADS;
  }

  private static ExecutorService blockingPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "hubbub-management-rest-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // idle threads end by themselves, so a manager that is dropped without close() leaves none behind
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public CompletableFuture<RestResponse> exchange(String method, URI url, Map<String, String> headers,
      byte @Nullable [] body, Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::setHeader);
    return dispatch(builder.build()).thenApply(response -> new RestResponse(response.statusCode(),
        response.headers().firstValue("x-ms-error-code").orElse(null), response.body()));
  }

  private CompletableFuture<HttpResponse<String>> dispatch(HttpRequest request) {
    ExecutorService pool = blocking;
    if (pool == null) {
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
    CompletableFuture<HttpResponse<String>> result = new CompletableFuture<>();
    pool.execute(() -> {
      try {
        result.complete(http.send(request, HttpResponse.BodyHandlers.ofString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        result.completeExceptionally(e);
      } catch (IOException | RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /**
   * Nothing to release, as before there was a choice of clients: the user's client is theirs to close, and the
   * blocking pool's idle threads end by themselves (so calls made after close still work on this path).
   */
  @Override
  public void close() {}
}
