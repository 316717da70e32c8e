package dev.hubbub.apphost;

import dev.hubbub.apphost.internal.model.ResourceNames;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Base class for resources: holds the validated name and the annotation list. */
public abstract class ResourceBase implements Resource {

    private final String name;
    // Copy-on-write: written while the model is built, read by run-mode threads.
    private final List<ResourceAnnotation> annotations = new CopyOnWriteArrayList<>();

    /**
     * Creates a resource.
     *
     * @param name resource name, validated with Aspire's rules
     * @throws IllegalArgumentException if the name is invalid
     */
    protected ResourceBase(String name) {
        ResourceNames.validate(name);
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<ResourceAnnotation> annotations() {
        return annotations;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
