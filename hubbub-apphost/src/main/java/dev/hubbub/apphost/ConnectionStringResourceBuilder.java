package dev.hubbub.apphost;

/** Builder for a {@link ConnectionStringResource} returned by {@code addConnectionString}. */
public final class ConnectionStringResourceBuilder
        extends ResourceBuilder<ConnectionStringResource, ConnectionStringResourceBuilder> {
    ConnectionStringResourceBuilder(DistributedApplicationBuilder applicationBuilder, ConnectionStringResource resource) {
        super(applicationBuilder, resource);
    }
}
