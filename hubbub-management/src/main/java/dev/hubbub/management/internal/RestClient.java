package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRConnectionException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link RestRequest}s with the JDK {@link HttpClient}: a short-lived token per audience (request URL
 * without port and query), reused until shortly before it expires ({@link RestTokens}), the request timeout, retries per {@link RetryPolicy},
 * one OpenTelemetry client span per attempt and W3C trace context on the request. Never blocks: every
 * step runs on the client's completion threads. Thread-safe.
 */
public final class RestClient {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.management");
  /** Threads making blocking REST calls where {@code sendAsync} would start a thread per call: calls in flight at most. */
  static final int BLOCKING_THREADS = 64;
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";
  private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("signalr.operation");

  private final HttpClient http;
  private final String base;
  private final String audienceBase;
  private final RestTokens tokens;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String host;
  private final int port;
  // null: HttpClient.sendAsync; otherwise blocking HttpClient.send on these threads (see blockingThreads())
  private final @Nullable ExecutorService blocking;

  /**
   * A client for the service at {@code serverEndpoint}.
   *
   * @param audienceBase {@code scheme://host/} of the service: REST token audiences are this plus the encoded
   *     request path (no port, no query)
   * @param nameId the {@code nameid} claim of REST tokens (identifies this app instance, as the SDK does)
   */
  public RestClient(HttpClient http, URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId,
      Duration timeout, RetryPolicy retry, OpenTelemetry openTelemetry) {
    this(http, serverEndpoint, audienceBase, issuer, nameId, timeout, retry, openTelemetry, blockingThreads());
  }

  /**
   * As above, with {@code blockingThreads} threads making blocking calls instead of {@code sendAsync} (0 for
   * {@code sendAsync}).
   */
  RestClient(HttpClient http, URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId,
      Duration timeout, RetryPolicy retry, OpenTelemetry openTelemetry, int blockingThreads) {
    this.http = http;
    this.base = trimSlash(serverEndpoint.toString());
    this.audienceBase = trimSlash(audienceBase.toString());
    this.tokens = new RestTokens(issuer, TokenClaims.builder().nameId(nameId).build(), Clock.systemUTC());
    this.timeout = timeout;
    this.retry = retry;
    this.tracer = openTelemetry.getTracer("dev.hubbub.management");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.host = String.valueOf(serverEndpoint.getHost());
    this.port = serverEndpoint.getPort() != -1 ? serverEndpoint.getPort()
        : "https".equalsIgnoreCase(serverEndpoint.getScheme()) ? 443 : 80;
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
   * Sends {@code request}, repeating it per the retry policy.
   *
   * @return the last response, whatever its status; fails with {@link SignalRConnectionException} when no
   *     response arrived
   */
  public CompletableFuture<RestResponse> send(RestRequest request) {
    return attempt(request, 0);
  }

  private CompletableFuture<RestResponse> attempt(RestRequest request, int attempt) {
    URI url = URI.create(base + request.pathAndQuery());
    Span span = tracer.spanBuilder(request.method() + " " + request.routeTemplate())
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(HTTP_METHOD, request.method())
        .setAttribute(URL_TEMPLATE, request.routeTemplate())
        .setAttribute(SERVER_ADDRESS, host)
        .setAttribute(SERVER_PORT, (long) port)
        .setAttribute(OPERATION, request.operation())
        .startSpan();
    if (attempt > 0) {
      span.setAttribute(RESEND_COUNT, (long) attempt);
    }
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> sent;
    try {
      String token = tokens.token(audienceBase + request.path());
      HttpRequest.Builder builder = HttpRequest.newBuilder(url)
          .timeout(timeout)
          .header("Authorization", "Bearer " + token)
          .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(request.body()));
      if (request.body() != null) {
        builder.header("Content-Type", CONTENT_TYPE);
      }
      propagator.inject(Context.current().with(span), builder, (b, k, v) -> b.setHeader(k, v));
      sent = dispatch(builder.build());
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      span.end();
      return CompletableFuture.failedFuture(e);
    }
    return sent.handle((response, failure) -> {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (failure != null) {
        Throwable cause = Futures.unwrap(failure);
        span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
        span.end();
        boolean neverSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
        boolean retriable = neverSent || (request.idempotent() && cause instanceof IOException);
        if (retriable && attempt < retry.maxRetries()) {
          log.warn("{} {} failed ({}); retrying in {} ms ({} of {})", request.method(), request.pathAndQuery(),
              describe(cause), retry.delay().toMillis(), attempt + 1, retry.maxRetries());
          return later(() -> attempt(request, attempt + 1));
        }
        log.debug("{} {} failed after {} ms: {}", request.method(), request.pathAndQuery(), millis, describe(cause));
        return CompletableFuture.<RestResponse>failedFuture(connectionFailure(request, cause, attempt));
      }
      int status = response.statusCode();
      span.setAttribute(HTTP_STATUS, (long) status);
      String errorCode = response.headers().firstValue("x-ms-error-code").orElse(null);
      boolean tolerated = status == 404 && request.tolerated404() != null
          && request.tolerated404().equalsIgnoreCase(errorCode);
      if (status >= 400 && !tolerated) {
        span.setAttribute(ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      if (request.idempotent() && RetryPolicy.isRetriableStatus(status) && attempt < retry.maxRetries()) {
        log.warn("{} {} answered {}; retrying in {} ms ({} of {})", request.method(), request.pathAndQuery(), status,
            retry.delay().toMillis(), attempt + 1, retry.maxRetries());
        return later(() -> attempt(request, attempt + 1));
      }
      log.debug("{} {} answered {}{} in {} ms", request.method(), request.pathAndQuery(), status,
          errorCode == null ? "" : " (" + errorCode + ")", millis);
      return CompletableFuture.completedFuture(new RestResponse(status, errorCode, response.body()));
    }).thenCompose(f -> f);
  }

  private CompletableFuture<RestResponse> later(java.util.function.Supplier<CompletableFuture<RestResponse>> next) {
    Executor delayed = CompletableFuture.delayedExecutor(retry.delay().toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(next, delayed).thenCompose(f -> f);
  }

  private SignalRConnectionException connectionFailure(RestRequest request, Throwable cause, int retries) {
    String what = cause instanceof HttpTimeoutException
        ? "timed out after " + timeout.toMillis() + " ms (set ServiceManagerBuilder.restTimeout to wait longer)"
        : cause instanceof ConnectException
            ? "could not connect to " + base + " (is the service running and the endpoint right?)"
            : "failed: " + describe(cause);
    String tries = retries == 0 ? "" : " after " + (retries + 1) + " attempts";
    return new SignalRConnectionException(request.operation() + ": " + request.method() + " "
        + request.pathAndQuery() + " " + what + tries + ".", 0, null, request.method(), request.pathAndQuery(),
        cause instanceof CompletionException ? cause.getCause() : cause);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String describe(Throwable cause) {
    @Nullable String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
