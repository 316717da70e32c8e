package dev.hubbub.apphost;

import java.util.Objects;

/**
 * Fluent, self-typed builder over one resource of the model. {@code withX} methods validate and
 * record annotations; they never start anything.
 *
 * @param <R> resource type
 * @param <B> this builder's own type
 */
public abstract class ResourceBuilder<R extends Resource, B extends ResourceBuilder<R, B>> {

    private final DistributedApplicationBuilder applicationBuilder;
    private final R resource;

    /**
     * @param applicationBuilder the builder owning the model
     * @param resource the resource this builder configures
     */
    protected ResourceBuilder(DistributedApplicationBuilder applicationBuilder, R resource) {
        this.applicationBuilder = Objects.requireNonNull(applicationBuilder, "applicationBuilder");
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** @return the resource */
    public final R resource() {
        return resource;
    }

    /** @return the application builder owning the resource */
    public final DistributedApplicationBuilder applicationBuilder() {
        return applicationBuilder;
    }

    /** @return this builder, typed */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /**
     * Adds an annotation to the resource.
     *
     * @param annotation the annotation
     * @return this builder
     */
    public B withAnnotation(ResourceAnnotation annotation) {
        resource.annotations().add(Objects.requireNonNull(annotation, "annotation"));
        return self();
    }

    /**
     * Starts this resource only once {@code dependency} is Running and healthy. Leaves no trace in
     * the manifest.
     *
     * @param dependency the resource to wait for
     * @return this builder
     * @throws DistributedApplicationException if the dependency is this resource
     */
    public B waitFor(ResourceBuilder<?, ?> dependency) {
        Objects.requireNonNull(dependency, "dependency");
        if (dependency.resource() == resource) {
            throw new DistributedApplicationException("The '" + resource.name() + "' resource cannot wait for itself.");
        }
        return withAnnotation(new WaitAnnotation(dependency.resource()));
    }

    /**
     * Runs {@code callback} once in run mode when this resource is Running and healthy (or Running, when it
     * has no health checks), e.g. to print the URL to open. Counterpart of Aspire's {@code OnResourceReady}.
     * Never called in publish mode, nor if the resource fails to start.
     *
     * @param callback receives the resource; runs on an app-host thread, so it should return quickly
     * @return this builder
     */
    public B onResourceReady(java.util.function.Consumer<? super R> callback) {
        Objects.requireNonNull(callback, "callback");
        return withAnnotation(new ResourceReadyAnnotation(r -> callback.accept(resource)));
    }
}
