package dev.hubbub.apphost;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * In run mode, {@code callback} runs once, on an app-host thread, when the resource is Running and
 * healthy (Running, if it has no health checks). Leaves no trace in the manifest.
 *
 * @param callback what to do, given the resource
 */
public record ResourceReadyAnnotation(Consumer<Resource> callback) implements ResourceAnnotation {
    /** Validates. */
    public ResourceReadyAnnotation {
        Objects.requireNonNull(callback, "callback");
    }
}
