package dev.hubbub.service.internal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.service.internal.auth.TokenAuthenticator;
import dev.hubbub.service.internal.hub.HubDirectory;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.HttpResponder;
import dev.hubbub.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane REST API on the service's port: anonymous health probes, then every route of
 * {@link RestRouter} authenticated with an access token, executed against the hubs.
 *
 * <p>Status codes and {@code x-ms-error-code} values are the ones Azure SignalR Service documents and its
 * management SDK relies on (a 404 is only tolerated with the right code). Sends to a hub nobody ever
 * connected to are accepted and do nothing, as the service does.
 */
public final class RestApiHandler implements HttpRequestHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.rest");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TokenAuthenticator authenticator;
  private final ServiceTelemetry telemetry;
  private final RestExecutor executor;
  private final Supplier<@Nullable String> degraded;

  /**
   * @param degraded why the node cannot reach the other nodes now, or null; health probes then answer 200 with
   *     {@code Degraded: <reason>} in the body (as ASP.NET Core's health checks write "Degraded")
   */
  public RestApiHandler(HubDirectory hubs, TokenAuthenticator authenticator, AccessTokenIssuer issuer,
      ServiceTelemetry telemetry, int maxBodySize, Supplier<@Nullable String> degraded) {
    this.degraded = degraded;
    this.authenticator = authenticator;
    this.telemetry = telemetry;
    this.executor = new RestExecutor(hubs, issuer, maxBodySize);
  }

  @Override
  public void handle(TransportRequest request, ByteBuf body, HttpResponder responder) {
    String method = request.method();
    String route = RestRouter.template(request.path());
    Span span = telemetry.restStarted(method, route, request::header);
    // The live trace shows the start of a body (a send's target and arguments); health probes are left out.
    boolean traced = telemetry.tracing() && !isHealth(request.path());
    String bodyStart = traced && body.isReadable()
        ? body.toString(body.readerIndex(), Math.min(body.readableBytes(), 300), StandardCharsets.UTF_8) : null;
    try (Scope ignored = span.makeCurrent()) {
      handle(request, body, new MeasuredResponder(responder, span, method, route, System.nanoTime(),
          traced ? request.path() : null, bodyStart), span);
    }
  }

  /** Ends the span and counts the request when the response goes out, whatever path produced it. */
  private final class MeasuredResponder implements HttpResponder {
    private final HttpResponder delegate;
    private final Span span;
    private final String method;
    private final String route;
    private final AtomicBoolean done = new AtomicBoolean();
    private final long startNanos;
    private final @Nullable String tracedPath;
    private final @Nullable String bodyStart;

    MeasuredResponder(HttpResponder delegate, Span span, String method, String route, long startNanos,
        @Nullable String tracedPath, @Nullable String bodyStart) {
      this.startNanos = startNanos;
      this.tracedPath = tracedPath;
      this.bodyStart = bodyStart;
      this.delegate = delegate;
      this.span = span;
      this.method = method;
      this.route = route;
    }

    private void record(int status) {
      if (done.compareAndSet(false, true)) {
        if (tracedPath != null) {
          telemetry.restDone(span, method, route, status, startNanos, tracedPath, bodyStart);
        } else {
          telemetry.restDone(span, method, route, status);
        }
      }
    }

    @Override
    public io.netty.buffer.ByteBufAllocator alloc() {
      return delegate.alloc();
    }

    @Override
    public void respond(int status, HttpHeaders headers, ByteBuf body) {
      record(status);
      delegate.respond(status, headers, body);
    }

    @Override
    public void respond(int status) {
      record(status);
      delegate.respond(status);
    }

    @Override
    public void respond(int status, String contentType, String body) {
      record(status);
      delegate.respond(status, contentType, body);
    }
  }

  private void handle(TransportRequest request, ByteBuf body, HttpResponder responder, Span span) {
    String method = request.method();
    String path = request.path();
    if (isHealth(path)) {
      if (method.equals("GET") || method.equals("HEAD")) {
        String reason = degraded.get();
        if (reason == null) {
          responder.respond(200);
        } else {
          responder.respond(200, "text/plain; charset=utf-8", "Degraded: " + reason);
        }
      } else {
        responder.respond(405);
      }
      return;
    }
    RestCall call;
    try {
      call = RestRouter.route(method, request.rawPath(), request.query());
      if (call == null) {
        log.debug("No REST route for {} {}", method, path);
        responder.respond(404);
        return;
      }
      span.setAttribute(ServiceTelemetry.HUB, call.hub());
      span.setAttribute(ServiceTelemetry.OPERATION, call.operation().name());
      try {
        authenticator.verify(request);
      } catch (InvalidAccessTokenException e) {
        log.info("Rejected {} {}: {}", method, path, e.getMessage());
        responder.respond(401);
        return;
      }
      execute(call, request, body, responder);
    } catch (RestException e) {
      answer(responder, method, path, e);
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      error(responder, method, new RestException(500, "Error.Server.Internal", "Internal error: " + e.getMessage()));
    }
  }

  private static boolean isHealth(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals("/api/health") || p.equals("/api/v1/health");
  }

  private void execute(RestCall call, TransportRequest request, ByteBuf body, HttpResponder responder) {
    String method = request.method();
    String path = request.path();
    executor.execute(call, request, body).whenComplete((reply, failure) -> {
      if (failure == null) {
        if (reply.json().isEmpty()) {
          responder.respond(reply.status());
        } else {
          json(responder, reply.status(), reply.json());
        }
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof RestException e) {
        answer(responder, method, path, e);
      } else {
        log.warn("{} {} failed: {}", method, path, cause.toString());
        error(responder, method, new RestException(503, "Error.Server.Unavailable", "The operation did not reach "
            + "every node that may hold its connections: " + cause.getMessage() + " Retry later."));
      }
    });
  }

  private static void answer(HttpResponder responder, String method, String path, RestException e) {
    if (e.status() >= 500 || e.status() == 400 || e.status() == 413 || e.status() == 415) {
      log.info("{} {} answered {}: {}", method, path, e.status(), e.getMessage());
    }
    error(responder, method, e);
  }

  private static void json(HttpResponder responder, int status, String body) {
    HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "application/json; charset=utf-8");
    responder.respond(status, headers, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
  }

  private static void error(HttpResponder responder, String method, RestException e) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (e.errorCode() != null) {
      headers.set("x-ms-error-code", e.errorCode());
    }
    if (method.equals("HEAD")) {
      responder.respond(e.status(), headers, Unpooled.EMPTY_BUFFER);
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("code", e.errorCode() == null ? "Error.Request.Invalid" : e.errorCode());
    body.put("message", e.getMessage());
    headers.set("Content-Type", "application/json; charset=utf-8");
    responder.respond(e.status(), headers, Unpooled.copiedBuffer(body.toString(), StandardCharsets.UTF_8));
  }
}
