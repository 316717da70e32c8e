package dev.hubbub.apphost;

import java.util.List;

/** A resource of the application model: a name plus annotations, with no behaviour of its own. */
public interface Resource {

    /** The resource name, unique case-insensitively within one application. */
    String name();

    /** The annotations in the order they were added; a live, thread-safe view. */
    List<ResourceAnnotation> annotations();

    /**
     * The annotations of one type, in the order they were added.
     *
     * @param type annotation type
     * @param <A> annotation type
     * @return matching annotations, possibly empty
     */
    default <A extends ResourceAnnotation> List<A> annotations(Class<A> type) {
        return annotations().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
