package dev.hubbub.server.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Spans and metrics under the instrumentation scope {@code dev.hubbub.server}, by default through
 * {@link GlobalOpenTelemetry} (no-ops unless the application installs an SDK or the Java agent).
 */
final class Telemetry {
  static final String SCOPE = "dev.hubbub.server";
  private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> HUB = AttributeKey.stringKey("rpc.service");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("rpc.method");
  private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("signalr.connection_id");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;
  private final LongUpDownCounter connections;
  private final LongCounter invocations;
  private final LongCounter errors;
  private final Attributes hubAttributes;
  private final String hub;

  Telemetry(String hub, OpenTelemetry openTelemetry) {
    this.hub = hub;
    this.tracer = openTelemetry.getTracer(SCOPE);
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.connections = meter.upDownCounterBuilder("hubbub.server.connections")
        .setDescription("Hub connections open now").setUnit("{connection}").build();
    this.invocations = meter.counterBuilder("hubbub.server.invocations")
        .setDescription("Hub method invocations started").setUnit("{invocation}").build();
    this.errors = meter.counterBuilder("hubbub.server.invocation.errors")
        .setDescription("Hub method invocations that failed").setUnit("{invocation}").build();
    this.hubAttributes = Attributes.of(HUB, hub);
  }

  void connected() {
    connections.add(1, hubAttributes);
  }

  void disconnected() {
    connections.add(-1, hubAttributes);
  }

  Span startInvocation(String method, String connectionId) {
    invocations.add(1, Attributes.of(HUB, hub, METHOD, method));
    return tracer.spanBuilder(hub + "/" + method)
        .setSpanKind(SpanKind.SERVER)
        .setNoParent()
        .setAttribute(RPC_SYSTEM, "signalr")
        .setAttribute(HUB, hub)
        .setAttribute(METHOD, method)
        .setAttribute(CONNECTION, connectionId)
        .startSpan();
  }

  void end(Span span, String method, @Nullable Throwable error) {
    if (error != null) {
      errors.add(1, Attributes.of(HUB, hub, METHOD, method, ERROR_TYPE, error.getClass().getName()));
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
      span.recordException(error);
    }
    span.end();
  }
}
