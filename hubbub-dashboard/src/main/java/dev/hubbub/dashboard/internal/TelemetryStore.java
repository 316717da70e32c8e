package dev.hubbub.dashboard.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OTLP receiver accepted: structured logs, spans and metric points, each bounded (oldest dropped).
 * Thread-safe.
 */
public final class TelemetryStore {

    /** One structured log record. */
    public record LogView(long timeUnixNano, String service, String severity, String body, String traceId,
            String spanId, String scope, Map<String, String> attributes) {
    }

    /** One span. */
    public record SpanView(String traceId, String spanId, String parentSpanId, String name, String service,
            String kind, long startUnixNano, long endUnixNano, String status, String scope,
            Map<String, String> attributes) {
    }

    /** One point of an instrument. */
    public record PointView(long timeUnixNano, double value) {
    }

    /** One instrument of one service, with its latest points. */
    public record InstrumentView(String service, String name, String unit, String description, String type,
            List<PointView> points) {
    }

    /** A trace's summary. */
    public record TraceSummary(String traceId, String rootName, String services, long startUnixNano,
            long durationNanos, int spans, boolean error) {
    }

    private static final int POINTS_PER_INSTRUMENT = 300;

    private final LogRing<LogView> logs;
    private final LogRing<SpanView> spans;
    private final Map<String, InstrumentSeries> instruments = new LinkedHashMap<>(); // guarded by itself

    /**
     * @param logCapacity records kept
     * @param spanCapacity spans kept
     */
    public TelemetryStore(int logCapacity, int spanCapacity) {
        this.logs = new LogRing<>(logCapacity);
        this.spans = new LogRing<>(spanCapacity);
    }

    void addLog(LogView log) {
        logs.add(log);
    }

    void addSpan(SpanView span) {
        spans.add(span);
    }

    void addPoint(String service, String name, String unit, String description, String type, PointView point) {
        String key = service + "\u0000" + name;
        synchronized (instruments) {
            InstrumentSeries s = instruments.computeIfAbsent(key,
                    k -> new InstrumentSeries(service, name, unit, description, type));
            s.points.add(point);
        }
    }

    /** @return the structured logs kept, oldest first */
    public List<LogView> logs() {
        return logs.snapshot();
    }

    /** @return every span kept, oldest first */
    public List<SpanView> spans() {
        return spans.snapshot();
    }

    /**
     * @param traceId a trace id in hex
     * @return its spans kept
     */
    public List<SpanView> trace(String traceId) {
        return spans.snapshot().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** @return one summary per trace kept, newest first */
    public List<TraceSummary> traces() {
        Map<String, List<SpanView>> byTrace = new LinkedHashMap<>();
        for (SpanView s : spans.snapshot()) {
            byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
        List<TraceSummary> out = new ArrayList<>();
        byTrace.forEach((id, list) -> {
            long start = list.stream().mapToLong(SpanView::startUnixNano).min().orElse(0);
            long end = list.stream().mapToLong(SpanView::endUnixNano).max().orElse(start);
            SpanView root = list.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst()
                    .orElse(list.stream().filter(s -> s.startUnixNano() == start).findFirst().orElse(list.get(0)));
            String services = String.join(", ", list.stream().map(SpanView::service).distinct().toList());
            boolean error = list.stream().anyMatch(s -> s.status().equals("ERROR"));
            out.add(new TraceSummary(id, root.name(), services, start, end - start, list.size(), error));
        });
        out.sort((a, b) -> Long.compare(b.startUnixNano(), a.startUnixNano()));
        return out;
    }

    /** @return every instrument with its points */
    public List<InstrumentView> instruments() {
        synchronized (instruments) {
            return instruments.values().stream().map(InstrumentSeries::view).toList();
        }
    }

    private static final class InstrumentSeries {
        final String service;
        final String name;
        final String unit;
        final String description;
        final String type;
        final java.util.ArrayDeque<PointView> points = new java.util.ArrayDeque<>() {
            @Override
            public boolean add(PointView p) {
                if (size() == POINTS_PER_INSTRUMENT) {
                    removeFirst();
                }
                return super.add(p);
            }
        };

        InstrumentSeries(String service, String name, String unit, String description, String type) {
            this.service = service;
            this.name = name;
            this.unit = unit;
            this.description = description;
            this.type = type;
        }

        InstrumentView view() {
            return new InstrumentView(service, name, unit, description, type, List.copyOf(points));
        }
    }
}
