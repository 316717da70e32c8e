package dev.hubbub.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of an emulator's live SignalR trace.
 *
 * @param time when it happened
 * @param resource the emulator's resource name
 * @param kind e.g. {@code ConnectionOpened}, {@code MessageIn}, {@code Rest}, {@code Upstream}
 * @param hub the hub, or empty
 * @param details the rest (transport, protocol, user, status, durationMs, ...)
 */
public record LiveTraceEntry(Instant time, String resource, String kind, String hub, Map<String, String> details) {
    /** Validates and copies. */
    public LiveTraceEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hub, "hub");
        details = Map.copyOf(details);
    }
}
