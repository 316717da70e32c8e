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
import java.lang.ref.Cleaner;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link RestRequest}s through a {@link RestExchange} (the SDK's Netty client by default, the JDK
 * {@link HttpClient} when the user gives one): a short-lived token per audience (request URL
 * without port and query), reused until shortly before it expires ({@link RestTokens}), the request timeout, retries per {@link RetryPolicy},
 * one OpenTelemetry client span per attempt and W3C trace context on the request. Never blocks: every
 * step runs on the exchange's completion threads (the Netty path: its one I/O thread). Thread-safe.
 */
public final class RestClient {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.management");
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";
  // closes the exchange of a client dropped without close(), so its I/O thread does not outlive it
  private static final Cleaner CLEANER = Cleaner.create();
  private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("signalr.operation");

  private final RestExchange exchange;
  private final String base;
  private final String audienceBase;
  private final RestTokens tokens;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String host;
  private final int port;

  /**
   * A client for the service at {@code serverEndpoint} that sends through the JDK client {@code http} (the
   * {@code ServiceManagerBuilder.httpClient} path).
   *
   * @param audienceBase {@code scheme://host/} of the service: REST token audiences are this plus the encoded
   *     request path (no port, no query)
   * @param nameId the {@code nameid} claim of REST tokens (identifies this app instance, as the SDK does)
   */
  public RestClient(HttpClient http, URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId,
      Duration timeout, RetryPolicy retry, OpenTelemetry openTelemetry) {
    this(http, serverEndpoint, audienceBase, issuer, nameId, timeout, retry, openTelemetry,
        JdkRestExchange.blockingThreads());
  }

  /**
   * As above, with {@code blockingThreads} threads making blocking calls instead of {@code sendAsync} (0 for
   * {@code sendAsync}).
   */
  RestClient(HttpClient http, URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId,
      Duration timeout, RetryPolicy retry, OpenTelemetry openTelemetry, int blockingThreads) {
    this(new JdkRestExchange(http, blockingThreads), serverEndpoint, audienceBase, issuer, nameId, timeout, retry,
        openTelemetry);
  }

  /**
   * A client for the service at {@code serverEndpoint} that sends through the SDK's own Netty HTTP/1.1 client
   * (the default path): a pool of at most {@code maxConnections} keep-alive connections on one I/O thread,
   * {@code hubbub-management-http}, with at most {@code maxQueued} requests waiting for a connection. Call
   * {@link #close()} to stop the thread. The other parameters are those of the JDK constructor above.
   */
  public RestClient(URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId, Duration timeout,
      RetryPolicy retry, OpenTelemetry openTelemetry, int maxConnections, int maxQueued) {
    this(new NettyRestExchange(serverEndpoint, connectTimeout(timeout), maxConnections, maxQueued, null),
        serverEndpoint, audienceBase, issuer, nameId, timeout, retry, openTelemetry);
  }

  RestClient(RestExchange exchange, URI serverEndpoint, URI audienceBase, AccessTokenIssuer issuer, String nameId,
      Duration timeout, RetryPolicy retry, OpenTelemetry openTelemetry) {
    this.exchange = exchange;
    CLEANER.register(this, exchange::close);
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
  }

  /** The connect timeout for a REST timeout: the shorter of it and 10 s, as the default JDK client's. */
  public static Duration connectTimeout(Duration restTimeout) {
    return restTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? restTimeout : Duration.ofSeconds(10);
  }

  /** Stops the client's I/O thread and closes its connections (Netty path); calls after it fail. Idempotent. */
  public void close() {
    exchange.close();
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
    CompletableFuture<RestResponse> sent;
    try {
      String token = tokens.token(audienceBase + request.path());
      Map<String, String> headers = new LinkedHashMap<>(8);
      headers.put("Authorization", "Bearer " + token);
      if (request.body() != null) {
        headers.put("Content-Type", CONTENT_TYPE);
      }
      propagator.inject(Context.current().with(span), headers, (h, k, v) -> {
        if (h != null) {
          h.put(k, v);
        }
      });
      sent = exchange.exchange(request.method(), url, headers, request.body(), timeout);
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
      int status = response.status();
      span.setAttribute(HTTP_STATUS, (long) status);
      String errorCode = response.errorCode();
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
      return CompletableFuture.completedFuture(response);
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
