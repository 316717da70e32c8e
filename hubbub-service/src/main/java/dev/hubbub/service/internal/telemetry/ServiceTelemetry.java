package dev.hubbub.service.internal.telemetry;

import dev.hubbub.service.LiveTraceEvent;
import dev.hubbub.service.internal.SharedPerHub;
import dev.hubbub.service.LiveTraceListener;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.function.IntSupplier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The service's spans and metrics, under the instrumentation scope {@value #SCOPE}. With the OpenTelemetry
 * API alone (no SDK installed) every call here is a no-op.
 *
 * <p>Spans: {@code SignalR negotiate} (one per client negotiate), {@code SignalR REST <METHOD> <route>} (one
 * per REST call) and {@code SignalR upstream <category> <event>} (one per upstream webhook call).
 *
 * <p>Metrics: {@value #CONNECTIONS} (by hub and transport), {@value #MESSAGES_IN} / {@value #MESSAGES_OUT}
 * and {@value #BYTES_IN} / {@value #BYTES_OUT} (by hub), {@value #REST_REQUESTS} (by route and status), and the
 * gauge {@value #BACKLOGGED} (connections with more than {@code backlogBytes} queued towards them).
 *
 * <p>Thread-safe: the instruments are.
 */
public final class ServiceTelemetry {
  /** The instrumentation scope name of every span and metric of the service. */
  public static final String SCOPE = "dev.hubbub.service";

  public static final String CONNECTIONS = "signalr.service.connections";
  public static final String MESSAGES_IN = "signalr.service.messages.in";
  public static final String MESSAGES_OUT = "signalr.service.messages.out";
  public static final String BYTES_IN = "signalr.service.bytes.in";
  public static final String BYTES_OUT = "signalr.service.bytes.out";
  public static final String REST_REQUESTS = "signalr.service.rest.requests";
  public static final String BACKLOGGED = "signalr.service.connections.backlogged";

  public static final AttributeKey<String> HUB = AttributeKey.stringKey("signalr.hub");
  public static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("signalr.transport");
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("signalr.rest.operation");
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  public static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> CATEGORY = AttributeKey.stringKey("signalr.upstream.category");
  public static final AttributeKey<String> EVENT = AttributeKey.stringKey("signalr.upstream.event");
  public static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  public static final AttributeKey<String> CONNECTION_ID = AttributeKey.stringKey("signalr.connection.id");
  public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("signalr.user.id");

  /** Telemetry that records nothing, for tests of single classes. */
  public static final ServiceTelemetry NOOP = new ServiceTelemetry(OpenTelemetry.noop());

  private final Tracer tracer;
  private final Meter meter;
  private final LongUpDownCounter connections;
  private final LongCounter messagesIn;
  private final LongCounter messagesOut;
  private final LongCounter bytesIn;
  private final LongCounter bytesOut;
  private final LongCounter restRequests;
  private final @Nullable LiveTraceListener liveTrace;
  private final io.opentelemetry.context.propagation.TextMapPropagator propagator;
  private static final io.opentelemetry.context.propagation.TextMapGetter<java.util.function.Function<String, @Nullable String>>
      HEADERS = new io.opentelemetry.context.propagation.TextMapGetter<>() {
        @Override
        public Iterable<String> keys(java.util.function.Function<String, @Nullable String> carrier) {
          return java.util.List.of();
        }

        @Override
        public @Nullable String get(java.util.function.@Nullable Function<String, @Nullable String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key);
        }
      };

  /** Instruments on {@code openTelemetry}'s tracer and meter providers. */
  public ServiceTelemetry(OpenTelemetry openTelemetry) {
    this(openTelemetry, null);
  }

  /** Instruments on {@code openTelemetry}'s providers; live trace events go to {@code liveTrace} when given. */
  public ServiceTelemetry(OpenTelemetry openTelemetry, @Nullable LiveTraceListener liveTrace) {
    this.liveTrace = liveTrace;
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    String version = ServiceTelemetry.class.getPackage().getImplementationVersion();
    this.tracer = version == null ? openTelemetry.getTracer(SCOPE) : openTelemetry.getTracer(SCOPE, version);
    meter = version == null ? openTelemetry.getMeter(SCOPE)
        : openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(version).build();
    connections = meter.upDownCounterBuilder(CONNECTIONS).setUnit("{connection}")
        .setDescription("Client connections that completed their handshake, by hub and transport.").build();
    messagesIn = meter.counterBuilder(MESSAGES_IN).setUnit("{message}")
        .setDescription("Hub messages received from clients (pings included).").build();
    messagesOut = meter.counterBuilder(MESSAGES_OUT).setUnit("{message}")
        .setDescription("Payloads queued for clients (one per client per send).").build();
    bytesIn = meter.counterBuilder(BYTES_IN).setUnit("By")
        .setDescription("Bytes received from clients after the transport's framing.").build();
    bytesOut = meter.counterBuilder(BYTES_OUT).setUnit("By")
        .setDescription("Bytes queued for clients before the transport's framing.").build();
    restRequests = meter.counterBuilder(REST_REQUESTS).setUnit("{request}")
        .setDescription("REST API requests by route and status.").build();
  }

  /**
   * Registers the gauge {@value #BACKLOGGED}, read from {@code count} at each collection. Close the returned gauge
   * when the service stops, so that a collection never reads a closed service.
   */
  public ObservableLongGauge backlogGauge(IntSupplier count) {
    return meter.gaugeBuilder(BACKLOGGED).ofLongs().setUnit("{connection}")
        .setDescription("Connections (clients, and app servers in Default mode) with more than backlogBytes queued "
            + "towards them.")
        .buildWithCallback(m -> m.record(count.getAsInt()));
  }

  /** Shared by every connection of a hub; at most {@link #MAX_SHARED_HUB_ATTRIBUTES} hubs are remembered. */
  static final int MAX_SHARED_HUB_ATTRIBUTES = 1024;
  private static final SharedPerHub<Attributes> HUB_ATTRIBUTES = new SharedPerHub<>(MAX_SHARED_HUB_ATTRIBUTES);

  /**
   * Attributes of one connection, computed once so that per-message counting allocates nothing, and shared by the
   * connections of a hub (beyond the first 1,024 hubs seen, each connection gets its own).
   */
  public static Attributes hubAttributes(String hub) {
    return HUB_ATTRIBUTES.get(hub, h -> Attributes.of(HUB, h));
  }

  /** @return whether live trace events are wanted (callers skip building their details otherwise) */
  public boolean tracing() {
    return liveTrace != null;
  }

  /**
   * One live trace event; {@code details} alternates names and values, a null value leaves its name out.
   * A failing listener never breaks the service.
   */
  public void trace(LiveTraceEvent.Kind kind, String hub, @Nullable String... details) {
    LiveTraceListener l = liveTrace;
    if (l == null) {
      return;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < details.length; i += 2) {
      String name = details[i];
      String value = details[i + 1];
      if (name != null && value != null) {
        map.put(name, value);
      }
    }
    try {
      l.onEvent(new LiveTraceEvent(Instant.now(), kind, hub, map));
    } catch (RuntimeException e) {
      LoggerFactory.getLogger("dev.hubbub.service.livetrace").debug("The live trace listener failed", e);
    }
  }

  /** A client completed its handshake: counted, and traced with who it is. */
  public void connectionOpened(String hub, String transport, String connectionId, @Nullable String protocol,
      @Nullable String user) {
    connectionOpened(hub, transport);
    if (liveTrace != null) {
      trace(LiveTraceEvent.Kind.CONNECTION_OPENED, hub, "connectionId", connectionId, "transport", transport,
          "protocol", protocol, "user", user);
    }
  }

  /** A client that had completed its handshake is gone: counted, and traced. */
  public void connectionClosed(String hub, String transport, String connectionId, @Nullable String user,
      @Nullable String error) {
    connectionClosed(hub, transport);
    if (liveTrace != null) {
      trace(LiveTraceEvent.Kind.CONNECTION_CLOSED, hub, "connectionId", connectionId, "transport", transport,
          "user", user, "error", error);
    }
  }

  /** A client completed its handshake. */
  public void connectionOpened(String hub, String transport) {
    connections.add(1, Attributes.of(HUB, hub, TRANSPORT, transport));
  }

  /** A client that had completed its handshake is gone. */
  public void connectionClosed(String hub, String transport) {
    connections.add(-1, Attributes.of(HUB, hub, TRANSPORT, transport));
  }

  /** Counts hub messages and bytes from a client; either may be 0. */
  public void received(Attributes hub, long messages, long bytes) {
    if (messages > 0) {
      messagesIn.add(messages, hub);
    }
    if (bytes > 0) {
      bytesIn.add(bytes, hub);
    }
  }

  /** Counts one payload queued for a client. */
  public void sent(Attributes hub, long bytes) {
    messagesOut.add(1, hub);
    bytesOut.add(bytes, hub);
  }

  /** Starts the span of a client negotiate; the caller ends it. */
  public Span negotiate(String hub, @Nullable String userId) {
    Span span = tracer.spanBuilder("SignalR negotiate").setSpanKind(SpanKind.SERVER)
        .setAttribute(HUB, hub).startSpan();
    if (userId != null) {
      span.setAttribute(USER_ID, userId);
    }
    return span;
  }

  /**
   * Starts the span of a REST call as a child of the caller's span when the request carries its context
   * ({@code traceparent}, as the management SDK sends), so one trace follows a message from the app into the service.
   */
  public Span restStarted(String method, String route, java.util.function.Function<String, @Nullable String> headers) {
    io.opentelemetry.context.Context parent = propagator.extract(io.opentelemetry.context.Context.root(), headers, HEADERS);
    return tracer.spanBuilder("SignalR REST " + method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent)
        .setAttribute(METHOD, method).setAttribute(ROUTE, route).startSpan();
  }

  /** Starts the span of a REST call; {@link #restDone} ends it. */
  public Span restStarted(String method, String route) {
    return tracer.spanBuilder("SignalR REST " + method + " " + route).setSpanKind(SpanKind.SERVER)
        .setAttribute(METHOD, method).setAttribute(ROUTE, route).startSpan();
  }

  /** Ends a REST span, counts the request and traces it with its time and the start of its body. */
  public void restDone(Span span, String method, String route, int status, long startNanos, @Nullable String path,
      @Nullable String bodyStart) {
    restDone(span, method, route, status);
    if (liveTrace != null) {
      String hub = "";
      if (path != null) {
        java.util.regex.Matcher m = HUB_IN_PATH.matcher(path);
        hub = m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
      }
      trace(LiveTraceEvent.Kind.REST, hub, "method", method, "route", route, "path", path,
          "status", Integer.toString(status), "durationMs", millis(startNanos), "body", bodyStart);
    }
  }

  private static final java.util.regex.Pattern HUB_IN_PATH = java.util.regex.Pattern.compile("/hubs/([^/:?]+)");

  /** @param startNanos a {@link System#nanoTime()} @return the milliseconds since, as text with one decimal */
  public static String millis(long startNanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e6);
  }

  /** Ends a REST span and counts the request. */
  public void restDone(Span span, String method, String route, int status) {
    span.setAttribute(STATUS, status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
    restRequests.add(1, Attributes.of(METHOD, method, ROUTE, route, STATUS, (long) status));
  }

  /** Starts the span of an upstream call; the caller ends it. */
  public Span upstream(String hub, String category, String event, String url, String connectionId) {
    return tracer.spanBuilder("SignalR upstream " + category + " " + event).setSpanKind(SpanKind.CLIENT)
        .setAttribute(HUB, hub).setAttribute(CATEGORY, category).setAttribute(EVENT, event)
        .setAttribute(URL, url).setAttribute(CONNECTION_ID, connectionId).startSpan();
  }
}
