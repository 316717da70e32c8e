package dev.hubbub.service.internal.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.service.LiveTraceEvent;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import dev.hubbub.service.upstream.UpstreamSettingsSource;
import dev.hubbub.service.upstream.UpstreamSignature;
import dev.hubbub.service.upstream.UpstreamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serverless upstream: POSTs {@code connected}, {@code disconnected} and client invocations to the webhook
 * that the settings name, with the {@code X-ASRS-*} headers and signature, and turns the answer into what the
 * client receives (the body as is, an empty Completion, or a Completion error with the documented text).
 *
 * <p>One connection's calls run one after another in the order the client sent them; different connections
 * run concurrently. Nothing blocks an event loop: the JDK client works asynchronously.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.upstream");
  /** The largest upstream answer passed to a client, as the service documents. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Set<String> TOKEN_CLAIMS = java.util.Set.of("aud", "exp", "iat", "nbf", "iss");

  private final UpstreamSettingsSource settings;
  private final List<String> accessKeys;
  private final Duration timeout;
  private final HttpClient http;
  private final ServiceTelemetry telemetry;

  public UpstreamClient(UpstreamSettingsSource settings, List<String> accessKeys, Duration timeout, Executor executor,
      ServiceTelemetry telemetry) {
    this.settings = settings;
    this.telemetry = telemetry;
    this.accessKeys = List.copyOf(accessKeys);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
  }

  /** The client finished its handshake. */
  public void connected(ClientSession session) {
    event(session, UpstreamTemplate.CONNECTIONS, "connected", "{\"type\":10}");
  }

  /** The client left; {@code error} says why when it did not close normally. */
  public void disconnected(ClientSession session, @Nullable Throwable error) {
    // PascalCase, as Azure SignalR's emulator writes it
    ObjectNode body = JSON.createObjectNode().put("Type", 11);
    if (error != null && error.getMessage() != null) {
      body.put("Error", error.getMessage());
    }
    event(session, UpstreamTemplate.CONNECTIONS, "disconnected", body.toString());
  }

  private void event(ClientSession session, String category, String event, String json) {
    Optional<UpstreamTemplate> template = settings.current().match(session.hubName(), category, event);
    if (template.isEmpty()) {
      return;
    }
    HttpRequest request = requestOrNull(session, template.get(), category, event, "application/json",
        json.getBytes(StandardCharsets.UTF_8));
    if (request == null) {
      return;
    }
    call(session, category, event, request, HttpResponse.BodyHandlers.discarding(), (response, e) -> {
      if (e != null) {
        log.warn("Upstream {} event of client {} to {} failed: {}", event, session.connectionId(),
            UpstreamTemplate.shown(request.uri().toString()), rootMessage(e));
      } else if (response.statusCode() >= 300) {
        log.warn("Upstream {} event of client {} to {} answered {}", event, session.connectionId(),
            UpstreamTemplate.shown(request.uri().toString()), response.statusCode());
      }
      return null;
    });
  }

  /** Sends after the connection's earlier upstream calls, in a span, and hands the outcome to {@code then}. */
  private <T> void call(ClientSession session, String category, String event, HttpRequest request,
      HttpResponse.BodyHandler<T> body, BiFunction<@Nullable HttpResponse<T>, @Nullable Throwable, Void> then) {
    // The URL without its query, where a key may sit (UpstreamTemplate.shown), in spans and traces as in logs.
    String url = UpstreamTemplate.shown(request.uri().toString());
    session.chainUpstream(() -> {
      Span span = telemetry.upstream(session.hubName(), category, event, url, session.connectionId());
      long start = System.nanoTime();
      return http.sendAsync(request, body).handle((response, e) -> {
        ended(span, response, e);
        if (telemetry.tracing()) {
          telemetry.trace(LiveTraceEvent.Kind.UPSTREAM, session.transport().application().key(), "category", category,
              "event", event, "url", url, "connectionId", session.connectionId(),
              "status", response == null ? null : Integer.toString(response.statusCode()),
              "durationMs", ServiceTelemetry.millis(start), "error", e == null ? null : rootMessage(e));
        }
        return then.apply(response, e);
      });
    });
  }

  private static void ended(Span span, @Nullable HttpResponse<?> response, @Nullable Throwable error) {
    if (error != null) {
      span.recordException(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      span.setStatus(StatusCode.ERROR, rootMessage(error));
    } else if (response != null) {
      span.setAttribute(ServiceTelemetry.STATUS, (long) response.statusCode());
      if (response.statusCode() >= 300) {
        span.setStatus(StatusCode.ERROR, "status code " + response.statusCode());
      }
    }
    span.end();
  }

  /**
   * A client invocation. {@code payload} is the message's unframed bytes as received, which is what the
   * upstream gets (JSON, or MessagePack as {@code application/x-msgpack}).
   */
  public void invocation(ClientSession session, InvocationMessage invocation, ByteBuffer payload) {
    HubProtocol protocol = Objects.requireNonNull(session.protocol(), "invocations come after the handshake");
    String id = invocation.invocationId();
    Optional<UpstreamTemplate> template =
        settings.current().match(session.hubName(), UpstreamTemplate.MESSAGES, invocation.target());
    if (template.isEmpty()) {
      if (id != null) {
        session.send(CompletionMessage.withError(id, "No upstream is configured for hub '"
            + session.hubName() + "', category 'messages', event '" + invocation.target()
            + "'. Add an upstream template to the service's settings.json (see 'upstream init')."));
      } else {
        log.debug("Client {} sent '{}' and no upstream matches; dropped", session.connectionId(), invocation.target());
      }
      return;
    }
    byte[] body = new byte[payload.remaining()];
    payload.get(body);
    String contentType = protocol.name().equals("json") ? "application/json" : "application/x-msgpack";
    HttpRequest request = requestOrNull(session, template.get(), UpstreamTemplate.MESSAGES, invocation.target(),
        contentType, body);
    if (request == null) {
      if (id != null) {
        // Not the reason: it quotes the upstream's URL, which is the service's business (and may hold a key).
        session.send(CompletionMessage.withError(id, "The upstream for event '" + invocation.target()
            + "' could not be called: the service's upstream settings give no valid request for it."));
      }
      return;
    }
    call(session, UpstreamTemplate.MESSAGES, invocation.target(), request, HttpResponse.BodyHandlers.ofInputStream(),
        (response, e) -> {
      String error = null;
      byte[] answer = new byte[0];
      int status = 0;
      if (e != null) {
        error = "Invocation failed, error: " + rootMessage(e) + ".";
      } else {
        status = response.statusCode();
        try (var in = response.body()) {
          if (status == 200) {
            answer = in.readNBytes(MAX_RESPONSE_BYTES + 1);
          }
        } catch (java.io.IOException io) {
          error = "Invocation failed, error: " + io.getMessage() + ".";
        }
      }
      if (id == null) {
        String failure = error != null ? error : UpstreamReply.failure(status, answer);
        if (failure != null) {
          log.warn("Upstream for '{}' of client {}: {}", invocation.target(), session.connectionId(), failure);
        }
        return null;
      }
      if (error != null) {
        session.send(CompletionMessage.withError(id, error));
      } else {
        session.send(UpstreamReply.toClient(protocol, id, status, answer), true);
      }
      return null;
    });
  }

  /**
   * {@link #request}, or null (logged) when the template makes no valid request for this event: "https://{event}"
   * with an empty event leaves no host (what fuzzing UpstreamSettings found). Clients cannot send an empty target
   * today (the hub protocol refuses it), but no template may break a connection's handler.
   */
  private @Nullable HttpRequest requestOrNull(ClientSession session, UpstreamTemplate template, String category,
      String event, String contentType, byte[] body) {
    try {
      return request(session, template, category, event, contentType, body);
    } catch (IllegalArgumentException e) {
      log.warn("Upstream {} event of client {} not sent: {}", event, session.connectionId(), e.getMessage());
      return null;
    }
  }

  private HttpRequest request(ClientSession session, UpstreamTemplate template, String category, String event,
      String contentType, byte[] body) {
    URI url = template.url(session.hubName(), category, event);
    HttpRequest.Builder builder = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", contentType)
        .header("X-ASRS-Connection-Id", session.connectionId())
        .header("X-ASRS-Hub", session.hubName())
        .header("X-ASRS-Category", category)
        .header("X-ASRS-Event", event)
        .header("X-ASRS-Signature", UpstreamSignature.sign(session.connectionId(), accessKeys))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (session.userId() != null && !session.userId().isEmpty()) {
      builder.header("X-ASRS-User-Id", session.userId());
    }
    String claims = claims(session.claims());
    if (!claims.isEmpty()) {
      builder.header("X-ASRS-User-Claims", claims);
    }
    String query = session.transport().request().uri();
    int q = query.indexOf('?');
    if (q >= 0 && q < query.length() - 1) {
      builder.header("X-ASRS-Client-Query", query.substring(q));
    }
    return builder.build();
  }

  private static String claims(Map<String, List<String>> claims) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : claims.entrySet()) {
      if (TOKEN_CLAIMS.contains(e.getKey()) || e.getKey().startsWith("asrs.s.")) {
        continue; // token mechanics, not facts about the user
      }
      for (String value : e.getValue()) {
        parts.add(e.getKey() + ": " + value);
      }
    }
    return String.join(", ", parts);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    settings.close();
  }
}
