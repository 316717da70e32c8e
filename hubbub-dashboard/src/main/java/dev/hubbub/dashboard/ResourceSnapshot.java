package dev.hubbub.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One resource as the dashboard shows it.
 *
 * @param name the resource name
 * @param type e.g. {@code Project}, {@code Executable}, {@code AzureSignalR}
 * @param state the state's display name, e.g. {@code Running}
 * @param health {@code Healthy}, {@code Unhealthy} or empty when the resource has no health check
 * @param endpoints URLs
 * @param startTime when it last started, or null
 * @param exitCode its exit code once it ended, or null
 * @param environment the variables given to it
 * @param secretNames names in {@code environment} whose values are secrets (masked on the page)
 * @param commands the commands that apply now ({@code stop}, {@code start}, {@code restart})
 */
public record ResourceSnapshot(String name, String type, String state, String health, List<String> endpoints,
        @Nullable Instant startTime, @Nullable Integer exitCode, Map<String, String> environment,
        Set<String> secretNames, List<String> commands) {

    /** Validates and copies. */
    public ResourceSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
        endpoints = List.copyOf(endpoints);
        environment = Map.copyOf(environment);
        secretNames = Set.copyOf(secretNames);
        commands = List.copyOf(commands);
    }
}
