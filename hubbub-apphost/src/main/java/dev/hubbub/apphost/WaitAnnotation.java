package dev.hubbub.apphost;

/**
 * The annotated resource starts only once {@code dependency} is Running and, if it has health
 * checks, healthy.
 *
 * @param dependency the resource waited for
 */
public record WaitAnnotation(Resource dependency) implements ResourceAnnotation {
}
