package dev.hubbub.management;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An {@link OpenTelemetry} on the API alone that records ended spans (name, kind, attributes, status, the
 * tracer's scope name), so span tests need no SDK.
 */
final class RecordingOpenTelemetry implements OpenTelemetry {
  /** One ended span. */
  record Recorded(String scope, String name, SpanKind kind, Map<String, Object> attributes, StatusCode status) {}

  final List<Recorded> ended = new CopyOnWriteArrayList<>();

  @Override
  public TracerProvider getTracerProvider() {
    return new TracerProvider() {
      @Override
      public Tracer get(String scope) {
        return new RecordingTracer(scope);
      }

      @Override
      public Tracer get(String scope, String version) {
        return new RecordingTracer(scope);
      }
    };
  }

  @Override
  public Tracer getTracer(String instrumentationScopeName) {
    return new RecordingTracer(instrumentationScopeName);
  }

  @Override
  public ContextPropagators getPropagators() {
    return ContextPropagators.noop();
  }

  private final class RecordingTracer implements Tracer {
    private final String scope;

    RecordingTracer(String scope) {
      this.scope = scope;
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
      return new Builder(scope, spanName);
    }
  }

  private final class Builder implements SpanBuilder {
    private final String scope;
    private final String name;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private SpanKind kind = SpanKind.INTERNAL;

    Builder(String scope, String name) {
      this.scope = scope;
      this.name = name;
    }

    @Override
    public SpanBuilder setParent(Context context) {
      return this;
    }

    @Override
    public SpanBuilder setNoParent() {
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
      attributes.put(key.getKey(), value);
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
      this.kind = spanKind;
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
      return this;
    }

    @Override
    public Span startSpan() {
      return new RecordingSpan(scope, name, kind, new LinkedHashMap<>(attributes));
    }
  }

  private final class RecordingSpan implements Span {
    private final String scope;
    private final String name;
    private final SpanKind kind;
    private final Map<String, Object> attributes;
    private StatusCode status = StatusCode.UNSET;

    RecordingSpan(String scope, String name, SpanKind kind, Map<String, Object> attributes) {
      this.scope = scope;
      this.name = name;
      this.kind = kind;
      this.attributes = attributes;
    }

    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
      attributes.put(key.getKey(), value);
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
      return this;
    }

    @Override
    public Span setStatus(StatusCode statusCode, String description) {
      this.status = statusCode;
      return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additionalAttributes) {
      return this;
    }

    @Override
    public Span updateName(String name) {
      return this;
    }

    @Override
    public void end() {
      ended.add(new Recorded(scope, name, kind, Map.copyOf(attributes), status));
    }

    @Override
    public void end(long timestamp, TimeUnit unit) {
      end();
    }

    @Override
    public void end(Instant timestamp) {
      end();
    }

    @Override
    public SpanContext getSpanContext() {
      return SpanContext.getInvalid();
    }

    @Override
    public boolean isRecording() {
      return true;
    }
  }
}
