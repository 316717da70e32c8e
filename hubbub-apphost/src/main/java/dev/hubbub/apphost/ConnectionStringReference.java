package dev.hubbub.apphost;

/**
 * A resource's connection string as a value: {@code {name.connectionString}} in the manifest, the resolved
 * connection string in run mode.
 *
 * @param resource the resource
 * @param referenceIndex which reference to the resource this is (0 for the first {@code withReference}); a resource
 *     with several nodes (the emulator with replicas) gives each reference one node
 */
public record ConnectionStringReference(ResourceWithConnectionString resource, int referenceIndex)
        implements ValueProvider {

    /** The first (or only) reference to {@code resource}. @param resource the resource */
    public ConnectionStringReference(ResourceWithConnectionString resource) {
        this(resource, 0);
    }

    @Override
    public String valueExpression() {
        return "{" + resource.name() + ".connectionString}";
    }

    @Override
    public String value() {
        String v = resource.connectionStringValue(referenceIndex);
        if (v.isEmpty()) {
            throw new DistributedApplicationException(
                    "The connection string for the resource '" + resource.name() + "' is not available.");
        }
        return v;
    }

    /** Names the resource only: the value may hold a secret. */
    @Override
    public String toString() {
        return "ConnectionStringReference[" + resource.name() + "]";
    }
}
