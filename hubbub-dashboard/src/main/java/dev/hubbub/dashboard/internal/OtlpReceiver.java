package dev.hubbub.dashboard.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OTLP/HTTP with protobuf bodies ({@code POST /v1/traces}, {@code /v1/logs}, {@code /v1/metrics}), decoded
 * with OpenTelemetry's published classes. A request is decoded and checked whole before anything is stored,
 * so a bad one stores nothing and never affects the next. Thread-safe.
 */
public final class OtlpReceiver {

    /** The protobuf content type of OTLP/HTTP. */
    public static final String PROTOBUF = "application/x-protobuf";
    private static final HexFormat HEX = HexFormat.of();

    private final TelemetryStore store;
    private final SecretMasker masker;
    private final int maxBodyBytes;

    /**
     * @param store where accepted data goes
     * @param masker hides secrets in attributes
     * @param maxBodyBytes the largest body
     */
    public OtlpReceiver(TelemetryStore store, SecretMasker masker, int maxBodyBytes) {
        this.store = store;
        this.masker = masker;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Decodes and stores one request.
     *
     * @param path {@code /v1/traces}, {@code /v1/logs} or {@code /v1/metrics}
     * @param contentType the request's content type, or empty
     * @param body the body
     * @return the protobuf response body
     * @throws OtlpException with 400 for a payload that is not valid OTLP, 404 for another path, 415 for JSON
     */
    public byte[] receive(String path, String contentType, byte[] body) throws OtlpException {
        if (body.length > maxBodyBytes) {
            throw new OtlpException(400, "OTLP request of " + body.length + " bytes is over the limit of " + maxBodyBytes + " bytes.");
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            throw new OtlpException(415, "OTLP/HTTP JSON is not supported: export with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.");
        }
        if (!type.isEmpty() && !type.startsWith(PROTOBUF)) {
            throw new OtlpException(415, "Content-Type '" + contentType + "' is not OTLP: send " + PROTOBUF + ".");
        }
        try {
            switch (path) {
                case "/v1/traces" -> {
                    traces(ExportTraceServiceRequest.parseFrom(body));
                    return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                }
                case "/v1/logs" -> {
                    logs(ExportLogsServiceRequest.parseFrom(body));
                    return ExportLogsServiceResponse.getDefaultInstance().toByteArray();
                }
                case "/v1/metrics" -> {
                    metrics(ExportMetricsServiceRequest.parseFrom(body));
                    return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
                }
                default -> throw new OtlpException(404, "No OTLP signal at " + path + ": use /v1/traces, /v1/logs or /v1/metrics.");
            }
        } catch (InvalidProtocolBufferException e) {
            throw new OtlpException(400, "The body is not a valid OTLP protobuf message: " + e.getMessage());
        }
    }

    private void traces(ExportTraceServiceRequest request) throws OtlpException {
        List<TelemetryStore.SpanView> out = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    String traceId = id(s.getTraceId(), 16, "traceId");
                    String spanId = id(s.getSpanId(), 8, "spanId");
                    String parent = s.getParentSpanId().isEmpty() ? "" : id(s.getParentSpanId(), 8, "parentSpanId");
                    out.add(new TelemetryStore.SpanView(traceId, spanId, parent, masker.mask(s.getName()), service,
                            kind(s.getKind()), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                            status(s.getStatus().getCode()), ss.getScope().getName(), attributes(s.getAttributesList())));
                }
            }
        }
        out.forEach(store::addSpan);
    }

    private void logs(ExportLogsServiceRequest request) throws OtlpException {
        List<TelemetryStore.LogView> out = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = serviceName(rl.getResource());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    String traceId = r.getTraceId().isEmpty() ? "" : id(r.getTraceId(), 16, "traceId");
                    String spanId = r.getSpanId().isEmpty() ? "" : id(r.getSpanId(), 8, "spanId");
                    long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
                    String severity = !r.getSeverityText().isEmpty() ? r.getSeverityText() : severity(r.getSeverityNumberValue());
                    out.add(new TelemetryStore.LogView(time, service, severity, masker.mask(text(r.getBody())), traceId,
                            spanId, sl.getScope().getName(), attributes(r.getAttributesList())));
                }
            }
        }
        out.forEach(store::addLog);
    }

    private void metrics(ExportMetricsServiceRequest request) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String service = serviceName(rm.getResource());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    switch (m.getDataCase()) {
                        case GAUGE -> number(service, m, "gauge", m.getGauge().getDataPointsList());
                        case SUM -> number(service, m, "sum", m.getSum().getDataPointsList());
                        case HISTOGRAM -> histogram(service, m, m.getHistogram().getDataPointsList());
                        default -> {
                            // exponential histograms and summaries: not charted
                        }
                    }
                }
            }
        }
    }

    // All points of one export at one time make one point: the sum over attribute sets.
    private void number(String service, Metric m, String type, List<NumberDataPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        double total = 0;
        long time = 0;
        for (NumberDataPoint p : points) {
            total += p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            time = Math.max(time, p.getTimeUnixNano());
        }
        store.addPoint(service, m.getName(), m.getUnit(), m.getDescription(), type, new TelemetryStore.PointView(time, total));
    }

    // A histogram is charted as its mean over all attribute sets.
    private void histogram(String service, Metric m, List<HistogramDataPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        double sum = 0;
        long count = 0;
        long time = 0;
        for (HistogramDataPoint p : points) {
            sum += p.getSum();
            count += p.getCount();
            time = Math.max(time, p.getTimeUnixNano());
        }
        store.addPoint(service, m.getName(), m.getUnit(), m.getDescription(), "histogram (mean)",
                new TelemetryStore.PointView(time, count == 0 ? 0 : sum / count));
    }

    private static String id(ByteString bytes, int length, String what) throws OtlpException {
        if (bytes.size() != length) {
            throw new OtlpException(400, "Invalid " + what + ": " + bytes.size() + " bytes, OTLP wants " + length + ".");
        }
        return HEX.formatHex(bytes.toByteArray());
    }

    private static String serviceName(Resource resource) {
        for (KeyValue kv : resource.getAttributesList()) {
            if (kv.getKey().equals("service.name")) {
                return text(kv.getValue());
            }
        }
        return "unknown_service";
    }

    private Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            out.put(kv.getKey(), SecretMasker.isSecretName(kv.getKey()) ? SecretMasker.MASK : masker.mask(text(kv.getValue())));
        }
        return out;
    }

    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> String.valueOf(v.getBoolValue());
            case INT_VALUE -> String.valueOf(v.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpReceiver::text)
                    .collect(Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(", ", "{", "}"));
            case BYTES_VALUE -> HEX.formatHex(v.getBytesValue().toByteArray());
            default -> "";
        };
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "Server";
            case SPAN_KIND_CLIENT -> "Client";
            case SPAN_KIND_PRODUCER -> "Producer";
            case SPAN_KIND_CONSUMER -> "Consumer";
            default -> "Internal";
        };
    }

    private static String status(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_ERROR -> "ERROR";
            case STATUS_CODE_OK -> "OK";
            default -> "UNSET";
        };
    }

    private static String severity(int number) {
        if (number == 0) {
            return "";
        }
        String[] names = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
        return names[Math.min(names.length - 1, (number - 1) / 4)];
    }
}
