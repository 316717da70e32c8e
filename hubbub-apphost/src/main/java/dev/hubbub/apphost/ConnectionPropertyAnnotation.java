package dev.hubbub.apphost;

/**
 * An environment variable from a referenced resource's connection property, e.g. {@code SIGNALR_URI}
 * (Aspire 13.1+). Run mode injects it; publishing writes it in the {@code aspire-13} format only, so the
 * default (Aspire 9.1) manifest stays as the seed's.
 *
 * @param name variable name
 * @param value deferred value
 */
public record ConnectionPropertyAnnotation(String name, ValueProvider value) implements ResourceAnnotation {
}
