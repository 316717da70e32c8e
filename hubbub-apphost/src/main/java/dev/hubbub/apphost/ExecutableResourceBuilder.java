package dev.hubbub.apphost;

/** Builder for an {@link ExecutableResource}. */
public final class ExecutableResourceBuilder extends ProcessResourceBuilder<ExecutableResource, ExecutableResourceBuilder> {
    ExecutableResourceBuilder(DistributedApplicationBuilder applicationBuilder, ExecutableResource resource) {
        super(applicationBuilder, resource);
    }
}
