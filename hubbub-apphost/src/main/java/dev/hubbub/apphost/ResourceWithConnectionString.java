package dev.hubbub.apphost;

/** A resource that other resources can reference with {@code withReference}: it has a connection string. */
public interface ResourceWithConnectionString extends Resource {

    /** The connection string, deferred. @return the expression */
    ReferenceExpression connectionStringExpression();

    /**
     * Connection properties (Aspire 13.1+), e.g. {@code Uri}: {@code withReference} also injects each as
     * {@code <CONNECTION NAME>_<KEY>} in upper case.
     *
     * @return property name to deferred value, empty by default
     */
    default java.util.Map<String, ValueProvider> connectionProperties() {
        return java.util.Map.of();
    }

    /**
     * The reference to this resource's connection string: {@code {name.connectionString}} in the
     * manifest, the resolved connection string in run mode.
     *
     * @return a value provider
     */
    default ValueProvider connectionStringReference() {
        return new ConnectionStringReference(this);
    }

    /**
     * The resolved connection string for the reference with this index (see
     * {@link ConnectionStringReference#referenceIndex()}); the same for every reference by default.
     *
     * @param referenceIndex which reference asks
     * @return the connection string, empty when not available yet
     */
    default String connectionStringValue(int referenceIndex) {
        return connectionStringExpression().value();
    }

}
