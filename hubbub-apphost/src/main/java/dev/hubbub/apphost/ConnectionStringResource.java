package dev.hubbub.apphost;

import org.jspecify.annotations.Nullable;

/**
 * A connection string read from configuration key {@code ConnectionStrings:<name>}: a secret
 * parameter that can be referenced like any resource with a connection string.
 */
public final class ConnectionStringResource extends ParameterResource implements ResourceWithConnectionString {

    private final @Nullable String environmentVariableName;

    /**
     * @param name resource name (and connection name)
     * @param configuration where the value is read from
     * @param environmentVariableName variable injected by {@code withReference}, or null for {@code ConnectionStrings__<name>}
     */
    public ConnectionStringResource(String name, Configuration configuration, @Nullable String environmentVariableName) {
        super(name, configuration, "ConnectionStrings:" + name, true, null);
        this.environmentVariableName = environmentVariableName;
    }

    /** @return the custom environment variable name, or null */
    public @Nullable String environmentVariableName() {
        return environmentVariableName;
    }

    @Override
    public ReferenceExpression connectionStringExpression() {
        return ReferenceExpression.builder().value(this).build();
    }

    @Override
    protected MissingParameterValueException missing() {
        return new MissingParameterValueException("Connection string parameter resource could not be used because connection string '"
                + name() + "' is missing. Set the environment variable 'ConnectionStrings__" + name()
                + "' or the configuration key 'ConnectionStrings:" + name() + "' (appsettings.json or --ConnectionStrings:"
                + name() + " <value>).");
    }
}
