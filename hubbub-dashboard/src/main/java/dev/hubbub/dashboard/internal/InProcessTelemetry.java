package dev.hubbub.dashboard.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * OpenTelemetry for code in the app host's own JVM (the emulator): spans and metrics go straight into the
 * dashboard's store, as if they had come over OTLP. One SDK per service name; all closed with the dashboard.
 */
public final class InProcessTelemetry implements AutoCloseable {

    private final TelemetryStore store;
    private final SecretMasker masker;
    private final List<OpenTelemetrySdk> sdks = new CopyOnWriteArrayList<>();
    private final java.util.function.Consumer<String> stored;

    /**
     * @param store where spans and points go
     * @param masker hides secrets in attributes
     * @param stored told the signal ({@code traces}, {@code metrics}) after something was stored
     */
    public InProcessTelemetry(TelemetryStore store, SecretMasker masker, java.util.function.Consumer<String> stored) {
        this.store = store;
        this.masker = masker;
        this.stored = stored;
    }

    /**
     * @param serviceName the service.name of what it records
     * @return an SDK exporting into the store
     */
    public OpenTelemetry create(String serviceName) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), serviceName)));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setResource(resource)
                        .addSpanProcessor(SimpleSpanProcessor.create(new Spans(serviceName))).build())
                .setMeterProvider(SdkMeterProvider.builder().setResource(resource)
                        .registerMetricReader(PeriodicMetricReader.builder(new Metrics(serviceName))
                                .setInterval(Duration.ofSeconds(1)).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        sdks.add(sdk);
        return sdk;
    }

    private Map<String, String> attributes(Attributes attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> out.put(k.getKey(),
                SecretMasker.isSecretName(k.getKey()) ? SecretMasker.MASK : masker.mask(String.valueOf(v))));
        return out;
    }

    private final class Spans implements SpanExporter {
        private final String service;

        Spans(String service) {
            this.service = service;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            boolean any = false;
            for (SpanData s : spans) {
                if (isHealthProbe(s)) {
                    continue;
                }
                any = true;
                String parent = s.getParentSpanContext().isValid() ? s.getParentSpanId() : "";
                store.addSpan(new TelemetryStore.SpanView(s.getTraceId(), s.getSpanId(), parent, s.getName(), service,
                        kind(s.getKind()), s.getStartEpochNanos(), s.getEndEpochNanos(), s.getStatus().getStatusCode().name(),
                        s.getInstrumentationScopeInfo().getName(), attributes(s.getAttributes())));
            }
            if (any) {
                stored.accept("traces");
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    // The app host polls every emulator's health every 2 s: those root spans would bury every other trace.
    private static boolean isHealthProbe(SpanData s) {
        String route = s.getAttributes().get(AttributeKey.stringKey("http.route"));
        return !s.getParentSpanContext().isValid() && route != null && route.endsWith("/health");
    }

    private static String kind(io.opentelemetry.api.trace.SpanKind kind) {
        return switch (kind) {
            case SERVER -> "Server";
            case CLIENT -> "Client";
            case PRODUCER -> "Producer";
            case CONSUMER -> "Consumer";
            default -> "Internal";
        };
    }

    private final class Metrics implements MetricExporter {
        private final String service;

        Metrics(String service) {
            this.service = service;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            for (MetricData m : metrics) {
                switch (m.getType()) {
                    case LONG_SUM -> point(m, "sum", m.getLongSumData().getPoints().stream()
                            .mapToDouble(LongPointData::getValue).sum(), time(m.getLongSumData().getPoints()));
                    case DOUBLE_SUM -> point(m, "sum", m.getDoubleSumData().getPoints().stream()
                            .mapToDouble(DoublePointData::getValue).sum(), time(m.getDoubleSumData().getPoints()));
                    case LONG_GAUGE -> point(m, "gauge", m.getLongGaugeData().getPoints().stream()
                            .mapToDouble(LongPointData::getValue).sum(), time(m.getLongGaugeData().getPoints()));
                    case DOUBLE_GAUGE -> point(m, "gauge", m.getDoubleGaugeData().getPoints().stream()
                            .mapToDouble(DoublePointData::getValue).sum(), time(m.getDoubleGaugeData().getPoints()));
                    case HISTOGRAM -> {
                        Collection<HistogramPointData> points = m.getHistogramData().getPoints();
                        double sum = points.stream().mapToDouble(HistogramPointData::getSum).sum();
                        long count = points.stream().mapToLong(HistogramPointData::getCount).sum();
                        point(m, "histogram (mean)", count == 0 ? 0 : sum / count, time(points));
                    }
                    default -> {
                        // exponential histograms and summaries: not charted
                    }
                }
            }
            if (!metrics.isEmpty()) {
                stored.accept("metrics");
            }
            return CompletableResultCode.ofSuccess();
        }

        private void point(MetricData m, String type, double value, long time) {
            store.addPoint(service, m.getName(), m.getUnit(), m.getDescription(), type,
                    new TelemetryStore.PointView(time, value));
        }

        private long time(Collection<? extends io.opentelemetry.sdk.metrics.data.PointData> points) {
            return points.stream().mapToLong(io.opentelemetry.sdk.metrics.data.PointData::getEpochNanos).max()
                    .orElse(System.currentTimeMillis() * 1_000_000L);
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Override
    public void close() {
        sdks.forEach(s -> s.shutdown().join(2, java.util.concurrent.TimeUnit.SECONDS));
    }
}
