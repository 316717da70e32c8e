package dev.hubbub.apphost;

/**
 * A resource's connection string as a value: {@code {name.connectionString}} in the manifest, the resolved
 * connection string in run mode.
 *
 * @param resource the resource
 */
public record ConnectionStringReference(ResourceWithConnectionString resource) implements ValueProvider {

    @Override
    public String valueExpression() {
        return "{" + resource.name() + ".connectionString}";
    }

    @Override
    public String value() {
        String v = resource.connectionStringExpression().value();
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
