package dev.hubbub.apphost;

/** Marker for the data attached to a {@link Resource}: every fact about a resource is an annotation. */
public interface ResourceAnnotation {
}
