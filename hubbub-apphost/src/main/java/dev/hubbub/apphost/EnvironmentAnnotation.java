package dev.hubbub.apphost;

/**
 * One environment variable given to a process resource; the value stays deferred.
 *
 * @param name variable name, e.g. {@code ConnectionStrings__signalr}
 * @param value deferred value
 */
public record EnvironmentAnnotation(String name, ValueProvider value) implements ResourceAnnotation {
}
