package dev.hubbub.apphost;

/** Builder for a {@link ParameterResource} returned by {@code addParameter}. */
public final class ParameterResourceBuilder extends ResourceBuilder<ParameterResource, ParameterResourceBuilder> {
    ParameterResourceBuilder(DistributedApplicationBuilder applicationBuilder, ParameterResource resource) {
        super(applicationBuilder, resource);
    }
}
