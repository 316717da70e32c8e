package dev.hubbub.apphost;

import com.azure.core.credential.TokenCredential;
import dev.hubbub.apphost.azure.AzureSignalRExtensions;
import dev.hubbub.apphost.azure.AzureSignalRResourceBuilder;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.internal.model.ModelValidator;
import dev.hubbub.apphost.redis.RedisResourceBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Declares the application's resources. {@code addX} validates a resource, registers it and
 * returns its builder; {@link #build()} checks the graph and returns the application.
 */
public final class DistributedApplicationBuilder {

    private final DistributedApplicationOptions options;
    private final Configuration configuration;
    private final DistributedApplicationExecutionContext executionContext;
    private final List<Resource> resources = new ArrayList<>();
    private volatile @Nullable TokenCredential azureCredential;

    DistributedApplicationBuilder(DistributedApplicationOptions options, Configuration configuration) {
        this.options = options;
        this.configuration = configuration;
        this.executionContext = DistributedApplicationExecutionContext.from(configuration);
    }

    /** @return the merged configuration */
    public Configuration configuration() {
        return configuration;
    }

    /** @return whether this app host runs or publishes */
    public DistributedApplicationExecutionContext executionContext() {
        return executionContext;
    }

    /** @return the options the builder was created with */
    public DistributedApplicationOptions options() {
        return options;
    }

    /** @return the resources in the order added (read-only view) */
    public List<Resource> resources() {
        return Collections.unmodifiableList(resources);
    }

    /**
     * Registers a resource.
     *
     * @param resource the resource
     * @param <R> resource type
     * @return the resource
     * @throws DistributedApplicationException if a resource with the same name (ignoring case) exists
     */
    public synchronized <R extends Resource> R addResource(R resource) {
        Objects.requireNonNull(resource, "resource");
        for (Resource existing : resources) {
            if (existing.name().toLowerCase(Locale.ROOT).equals(resource.name().toLowerCase(Locale.ROOT))) {
                throw new DistributedApplicationException("Cannot add resource of type '" + resource.getClass().getSimpleName()
                        + "' with name '" + resource.name() + "' because resource of type '"
                        + existing.getClass().getSimpleName() + "' with that name already exists. Resource names are case-insensitive.");
            }
        }
        resources.add(resource);
        return resource;
    }

    /**
     * Adds a parameter read from {@code Parameters:<name>} (environment {@code Parameters__<name>}).
     *
     * @param name parameter name
     * @return the builder
     */
    public ParameterResourceBuilder addParameter(String name) {
        return addParameter(name, false);
    }

    /** Adds a parameter, optionally secret. @param name parameter name @param secret whether secret @return the builder */
    public ParameterResourceBuilder addParameter(String name, boolean secret) {
        return parameter(name, "Parameters:" + name, secret, null);
    }

    /** Adds a parameter with a default used when configuration has none. @param name parameter name @param defaultValue default @return the builder */
    public ParameterResourceBuilder addParameter(String name, String defaultValue) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return parameter(name, "Parameters:" + name, false, () -> defaultValue);
    }

    /**
     * Adds a parameter with a default, optionally written to the manifest.
     *
     * @param name parameter name
     * @param defaultValue value used when configuration has none
     * @param publishValueAsDefault write {@code "default": {"value": ...}} to the manifest
     * @param secret whether secret (cannot be combined with publishing the default)
     * @return the builder
     */
    public ParameterResourceBuilder addParameter(String name, String defaultValue, boolean publishValueAsDefault, boolean secret) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return new ParameterResourceBuilder(this, addResource(new ParameterResource(name, configuration, "Parameters:" + name,
                secret, () -> defaultValue, publishValueAsDefault)));
    }

    /** Adds a parameter whose default is computed when needed. @param name parameter name @param defaultValue default supplier @param secret whether secret @return the builder */
    public ParameterResourceBuilder addParameter(String name, Supplier<String> defaultValue, boolean secret) {
        return parameter(name, "Parameters:" + name, secret, Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    /** Adds a parameter read from any configuration key. @param name parameter name @param configurationKey key @param secret whether secret @return the builder */
    public ParameterResourceBuilder addParameterFromConfiguration(String name, String configurationKey, boolean secret) {
        return parameter(name, Objects.requireNonNull(configurationKey, "configurationKey"), secret, null);
    }

    private ParameterResourceBuilder parameter(String name, String key, boolean secret, @Nullable Supplier<String> def) {
        return new ParameterResourceBuilder(this, addResource(new ParameterResource(name, configuration, key, secret, def)));
    }

    /**
     * Adds a connection string read from {@code ConnectionStrings:<name>} (environment {@code ConnectionStrings__<name>}).
     *
     * @param name connection name
     * @return the builder
     */
    public ConnectionStringResourceBuilder addConnectionString(String name) {
        return addConnectionString(name, null);
    }

    /**
     * Adds a connection string injected by {@code withReference} under a custom variable.
     *
     * @param name connection name
     * @param environmentVariableName variable name, or null for {@code ConnectionStrings__<name>}
     * @return the builder
     */
    public ConnectionStringResourceBuilder addConnectionString(String name, @Nullable String environmentVariableName) {
        return new ConnectionStringResourceBuilder(this,
                addResource(new ConnectionStringResource(name, configuration, environmentVariableName)));
    }

    /**
     * Adds a Java application: {@code mainClass} run in its own JVM with this app host's classpath.
     * Counterpart of {@code AddProject<T>(name)}.
     *
     * @param name resource name
     * @param mainClass class with a {@code main} method
     * @return the builder
     */
    public ProjectResourceBuilder addProject(String name, Class<?> mainClass) {
        return addProject(name, Objects.requireNonNull(mainClass, "mainClass").getName());
    }

    /** Adds a Java application by main class name. @param name resource name @param mainClassName fully qualified name @return the builder */
    public ProjectResourceBuilder addProject(String name, String mainClassName) {
        return new ProjectResourceBuilder(this, addResource(new ProjectResource(name, mainClassName)));
    }

    /**
     * Adds an executable.
     *
     * @param name resource name
     * @param command program name or path
     * @param args arguments
     * @return the builder
     */
    public ExecutableResourceBuilder addExecutable(String name, String command, String... args) {
        ExecutableResourceBuilder b = new ExecutableResourceBuilder(this, addResource(new ExecutableResource(name, command)));
        return args.length == 0 ? b : b.withArgs(args);
    }

    /**
     * Adds an Azure SignalR Service in Default mode.
     *
     * @param name resource name
     * @return the builder
     */
    public AzureSignalRResourceBuilder addAzureSignalR(String name) {
        return addAzureSignalR(name, AzureSignalRServiceMode.DEFAULT);
    }

    /**
     * Adds an Azure SignalR Service.
     *
     * @param name resource name
     * @param serviceMode Default or Serverless; {@code runAsEmulator()} runs the Hubbub service in that mode
     * @return the builder
     */
    public AzureSignalRResourceBuilder addAzureSignalR(String name, AzureSignalRServiceMode serviceMode) {
        return AzureSignalRExtensions.addAzureSignalR(this, name, serviceMode);
    }

    /**
     * Adds Redis, Aspire's {@code AddRedis(name)}: run mode starts {@code redis-server} from the PATH on a free
     * loopback port with a generated password ({@code <name>-password}); publish mode writes Aspire's Redis
     * container resource. {@code withReference} injects {@code ConnectionStrings__<name>} =
     * {@code localhost:<port>,password=<password>}.
     *
     * @param name resource name
     * @return the builder
     */
    public RedisResourceBuilder addRedis(String name) {
        return addRedis(name, null, null);
    }

    /**
     * Adds Redis on a fixed host port in run mode.
     *
     * @param name resource name
     * @param port host port, or null for a free one
     * @return the builder
     */
    public RedisResourceBuilder addRedis(String name, @Nullable Integer port) {
        return addRedis(name, port, null);
    }

    /**
     * Adds Redis with the password from a parameter, e.g. {@code addParameter("redis-password", true)}.
     *
     * @param name resource name
     * @param port host port, or null for a free one
     * @param password the password parameter, or null to generate {@code <name>-password}
     * @return the builder
     */
    public RedisResourceBuilder addRedis(String name, @Nullable Integer port,
            @Nullable ResourceBuilder<? extends ParameterResource, ?> password) {
        return RedisResourceBuilder.add(this, name, port, password);
    }

    /**
     * The credential for provisioning Azure resources in run mode, instead of {@code DefaultAzureCredential}
     * (environment, workload identity, managed identity, Azure CLI, ...). Tests pass their own.
     *
     * @param credential the credential
     * @return this builder
     */
    public DistributedApplicationBuilder withAzureCredential(TokenCredential credential) {
        this.azureCredential = Objects.requireNonNull(credential, "credential");
        return this;
    }

    /**
     * Checks the model (references and waits point into this model, no wait cycles) and returns the application.
     *
     * @return the application
     * @throws DistributedApplicationException if the model is inconsistent
     */
    public DistributedApplication build() {
        List<Resource> snapshot = List.copyOf(resources);
        ModelValidator.validate(snapshot);
        return new DistributedApplication(snapshot, configuration, executionContext, azureCredential);
    }
}
