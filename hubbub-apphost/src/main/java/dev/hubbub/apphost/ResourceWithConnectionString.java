package dev.hubbub.apphost;

/** A resource that other resources can reference with {@code withReference}: it has a connection string. */
public interface ResourceWithConnectionString extends Resource {

    /** The connection string, deferred. @return the expression */
    ReferenceExpression connectionStringExpression();

    /**
     * The reference to this resource's connection string: {@code {name.connectionString}} in the
     * manifest, the resolved connection string in run mode.
     *
     * @return a value provider
     */
    default ValueProvider connectionStringReference() {
        ResourceWithConnectionString self = this;
        return new ValueProvider() {
            @Override
            public String valueExpression() {
                return "{" + self.name() + ".connectionString}";
            }

            @Override
            public String value() {
                String v = self.connectionStringExpression().value();
                if (v.isEmpty()) {
                    throw new DistributedApplicationException(
                            "The connection string for the resource '" + self.name() + "' is not available.");
                }
                return v;
            }
        };
    }
}
