package dev.hubbub.apphost;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builder methods shared by {@link ProjectResource} and {@link ExecutableResource}: arguments,
 * environment, references, endpoints and health checks.
 *
 * @param <R> resource type
 * @param <B> this builder's own type
 */
public abstract class ProcessResourceBuilder<R extends ProcessResource, B extends ProcessResourceBuilder<R, B>>
        extends ResourceBuilder<R, B> {

    /** @param applicationBuilder owner @param resource the process resource */
    protected ProcessResourceBuilder(DistributedApplicationBuilder applicationBuilder, R resource) {
        super(applicationBuilder, resource);
    }

    /** Appends literal command-line arguments. @param args arguments @return this builder */
    public B withArgs(String... args) {
        return withAnnotation(new CommandLineArgsAnnotation(Arrays.stream(args).map(ValueProvider::literal).toList()));
    }

    /** Appends deferred command-line arguments. @param args arguments @return this builder */
    public B withArgs(ValueProvider... args) {
        return withAnnotation(new CommandLineArgsAnnotation(Arrays.asList(args)));
    }

    /** Sets an environment variable. @param name variable @param value value @return this builder */
    public B withEnvironment(String name, String value) {
        return withEnvironment(name, ValueProvider.literal(value));
    }

    /** Sets an environment variable to a deferred value. @param name variable @param value value @return this builder */
    public B withEnvironment(String name, ValueProvider value) {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("Environment variable name of resource '" + resource().name() + "' is empty.");
        }
        return withAnnotation(new EnvironmentAnnotation(name, Objects.requireNonNull(value, "value")));
    }

    /** Sets an environment variable to a parameter's value. @param name variable @param parameter parameter @return this builder */
    public B withEnvironment(String name, ResourceBuilder<? extends ParameterResource, ?> parameter) {
        withAnnotation(new ReferenceAnnotation(parameter.resource()));
        return withEnvironment(name, parameter.resource());
    }

    /**
     * Gives this process the connection string of {@code source} as {@code ConnectionStrings__<source name>}, and
     * each connection property as {@code <SOURCE NAME>_<KEY>} (an Azure SignalR resource: {@code SIGNALR_URI}).
     *
     * @param source a resource with a connection string (Azure SignalR, {@code addConnectionString}, ...)
     * @return this builder
     */
    public B withReference(ResourceBuilder<? extends ResourceWithConnectionString, ?> source) {
        return withReference(source, null);
    }

    /**
     * Gives this process the connection string of {@code source} as {@code ConnectionStrings__<connectionName>}.
     *
     * @param source a resource with a connection string
     * @param connectionName name used in the variable, or null for the source's name
     * @return this builder
     */
    public B withReference(ResourceBuilder<? extends ResourceWithConnectionString, ?> source, @Nullable String connectionName) {
        ResourceWithConnectionString target = Objects.requireNonNull(source, "source").resource();
        withAnnotation(new ReferenceAnnotation(target));
        String variable = target instanceof ConnectionStringResource c && c.environmentVariableName() != null && connectionName == null
                ? c.environmentVariableName()
                : "ConnectionStrings__" + (connectionName != null ? connectionName : target.name());
        withAnnotation(new EnvironmentAnnotation(variable, target.connectionStringReference()));
        String prefix = encodeVariable(connectionName != null ? connectionName : target.name());
        target.connectionProperties().forEach((key, value) -> withAnnotation(
                new ConnectionPropertyAnnotation(prefix + "_" + key.toUpperCase(java.util.Locale.ROOT), value)));
        return self();
    }

    /** Aspire 13.1's encoding: characters outside {@code [A-Za-z0-9_]} become {@code _}, a leading digit gets one, upper case. */
    private static String encodeVariable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        if (sb.length() > 0 && Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Adds an HTTP endpoint named {@code http}; its port is passed to the process in {@code envVar}.
     *
     * @param port port, or 0 to pick a free port in run mode
     * @param envVar environment variable receiving the port, or null
     * @return this builder
     */
    public B withHttpEndpoint(int port, @Nullable String envVar) {
        return withHttpEndpoint(port, "http", envVar);
    }

    /**
     * Adds a named HTTP endpoint.
     *
     * @param port port, or 0 to pick a free port in run mode
     * @param name endpoint name, unique per resource
     * @param envVar environment variable receiving the port, or null
     * @return this builder
     */
    public B withHttpEndpoint(int port, String name, @Nullable String envVar) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " of resource '" + resource().name() + "' is out of range: use 0-65535.");
        }
        if (resource().annotations(EndpointAnnotation.class).stream().anyMatch(e -> e.name().equals(name))) {
            throw new DistributedApplicationException("Endpoint with name '" + name + "' already exists on resource '"
                    + resource().name() + "'.");
        }
        Integer p = port == 0 ? null : port;
        EndpointAnnotation endpoint = new EndpointAnnotation(name, "http", p, p, envVar);
        withAnnotation(endpoint);
        if (envVar != null) {
            withAnnotation(new EnvironmentAnnotation(envVar, new EndpointReference(resource(), endpoint, "targetPort")));
        }
        return self();
    }

    /**
     * Adds an HTTP health check on the first endpoint: healthy when {@code GET path} answers 200.
     *
     * @param path request path, e.g. {@code /health}
     * @return this builder
     */
    public B withHttpHealthCheck(String path) {
        EndpointAnnotation endpoint = resource().annotations(EndpointAnnotation.class).stream().findFirst()
                .orElseThrow(() -> new DistributedApplicationException("Resource '" + resource().name()
                        + "' has no endpoint for its health check: call withHttpEndpoint first."));
        return withAnnotation(new HealthCheckAnnotation(endpoint.name(), path, 200));
    }

    /**
     * Makes the HTTP endpoints reachable from outside the deployment ({@code "external": true} in the manifest,
     * external ingress on Azure Container Apps). No effect in run mode.
     *
     * @return this builder
     */
    public B withExternalHttpEndpoints() {
        return withAnnotation(new ExternalEndpointsAnnotation());
    }

    /**
     * Gives this resource these roles on {@code target} instead of the defaults (App Server, plus REST API Owner in
     * Serverless mode). Only {@code --publisher azure} can deploy per-resource roles; the manifest flow fails with
     * Aspire's message.
     *
     * @param target the SignalR resource
     * @param roles the roles, at least one
     * @return this builder
     */
    public B withRoleAssignments(ResourceBuilder<dev.hubbub.apphost.azure.AzureSignalRResource, ?> target,
            dev.hubbub.apphost.azure.SignalRBuiltInRole... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException("withRoleAssignments on '" + resource().name()
                    + "' needs at least one role, e.g. SignalRBuiltInRole.SIGNALR_APP_SERVER.");
        }
        return withAnnotation(new RoleAssignmentAnnotation(Objects.requireNonNull(target, "target").resource(), Arrays.asList(roles)));
    }

    /** Sets the working directory. @param directory the directory @return this builder */
    public B withWorkingDirectory(Path directory) {
        resource().setWorkingDirectory(Objects.requireNonNull(directory, "directory"));
        return self();
    }

    /** Returns the endpoint reference for use in other resources. @param name endpoint name @return a deferred url */
    public EndpointReference endpoint(String name) {
        EndpointAnnotation endpoint = resource().annotations(EndpointAnnotation.class).stream()
                .filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new DistributedApplicationException("Resource '" + resource().name()
                        + "' has no endpoint named '" + name + "'."));
        return new EndpointReference(resource(), endpoint, "url");
    }
}
