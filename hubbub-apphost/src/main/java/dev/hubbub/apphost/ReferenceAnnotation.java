package dev.hubbub.apphost;

/**
 * The annotated resource references {@code target} (e.g. receives its connection string).
 *
 * @param target the referenced resource
 */
public record ReferenceAnnotation(Resource target) implements ResourceAnnotation {
}
