package dev.hubbub.dashboard.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.dashboard.DashboardBackend;
import dev.hubbub.dashboard.LiveTraceEntry;
import dev.hubbub.dashboard.ResourceSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the page reads: resources (from the backend, secrets masked), console lines per resource,
 * telemetry and live trace events, and the JSON the API answers with. Thread-safe.
 */
public final class DashboardState {

    /** One console line. */
    public record ConsoleLine(long seq, long time, String resource, String stream, String text) {
    }

    /** One live trace event as the page gets it. */
    public record TraceEvent(long seq, long time, String resource, String kind, String hub, Map<String, String> details) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIVE_TRACE_KEPT = 20_000;

    private final DashboardBackend backend;
    private final SecretMasker masker;
    private final int logLinesPerResource;
    private final Map<String, LogRing<ConsoleLine>> console = new ConcurrentHashMap<>();
    private final TelemetryStore telemetry = new TelemetryStore(10_000, 20_000);
    private final LogRing<TraceEvent> liveTrace = new LogRing<>(LIVE_TRACE_KEPT);
    private final Map<String, AtomicLong> liveCounters = new ConcurrentHashMap<>();
    private final EventHub events;

    /**
     * @param backend the app host
     * @param masker secrets
     * @param logLinesPerResource lines kept per resource
     */
    public DashboardState(DashboardBackend backend, SecretMasker masker, int logLinesPerResource) {
        this.backend = backend;
        this.masker = masker;
        this.logLinesPerResource = logLinesPerResource;
        this.events = new EventHub(this::resourcesJson);
    }

    /** @return the SSE fan-out */
    public EventHub events() {
        return events;
    }

    /** @return the OTLP data */
    public TelemetryStore telemetry() {
        return telemetry;
    }

    /** @return the masker */
    public SecretMasker masker() {
        return masker;
    }

    /** @return the backend */
    public DashboardBackend backend() {
        return backend;
    }

    /**
     * @param resource its name
     * @param stream stdout or stderr
     * @param line the line, unprefixed
     */
    public void log(String resource, String stream, String line) {
        LogRing<ConsoleLine> ring = console.computeIfAbsent(resource, r -> new LogRing<>(logLinesPerResource));
        String text = masker.mask(line);
        ConsoleLine entry;
        synchronized (ring) {
            entry = new ConsoleLine(ring.nextSequence(), System.currentTimeMillis(), resource, stream, text);
            ring.add(entry);
        }
        events.publish("log", json(entry));
    }

    /**
     * @param resource its name
     * @return the console lines kept
     */
    public List<ConsoleLine> consoleLines(String resource) {
        LogRing<ConsoleLine> ring = console.get(resource);
        return ring == null ? List.of() : ring.snapshot();
    }

    /** @param e an event of an emulator's live trace */
    public void liveTrace(LiveTraceEntry e) {
        Map<String, String> details = new TreeMap<>();
        e.details().forEach((k, v) -> details.put(k, masker.mask(v)));
        TraceEvent event;
        synchronized (liveTrace) {
            event = new TraceEvent(liveTrace.nextSequence(), e.time().toEpochMilli(), e.resource(), e.kind(), e.hub(), details);
            liveTrace.add(event);
        }
        liveCounters.computeIfAbsent(e.resource() + "/" + e.kind(), k -> new AtomicLong()).incrementAndGet();
        events.publish("trace", json(event));
    }

    /** @return the live trace kept and counters by resource and kind */
    public Map<String, Object> liveTraceJsonModel() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> counters = new TreeMap<>();
        liveCounters.forEach((k, v) -> counters.put(k, v.get()));
        out.put("counters", counters);
        out.put("events", liveTrace.snapshot());
        return out;
    }

    /** @return the resources, environment masked, as the page gets them */
    public List<Map<String, Object>> resourcesModel() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ResourceSnapshot r : backend.resources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("type", r.type());
            m.put("state", r.state());
            m.put("health", r.health());
            m.put("endpoints", r.endpoints().stream().map(masker::mask).toList());
            m.put("startTime", r.startTime() == null ? null : r.startTime().toString());
            m.put("exitCode", r.exitCode());
            m.put("environment", masker.maskEnvironment(r.environment(), r.secretNames()));
            m.put("commands", r.commands());
            out.add(m);
        }
        return out;
    }

    String resourcesJson() {
        return json(resourcesModel());
    }

    /**
     * @param value any model
     * @return it as one line of JSON
     */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
