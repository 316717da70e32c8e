package dev.hubbub.apphost.redis;

import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.GeneratedParameterResource;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ResourceBuilder;
import dev.hubbub.apphost.internal.run.ExecutableSearchPath;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link RedisResource}. Reference it from a project with {@code withReference(cache)} to inject
 * {@code ConnectionStrings__<name>}, and {@code waitFor(cache)} to start the project once Redis answers PING.
 */
public final class RedisResourceBuilder extends ResourceBuilder<RedisResource, RedisResourceBuilder> {

    /** Length of a generated password, as Aspire's {@code CreateDefaultPasswordParameter}. */
    static final int GENERATED_PASSWORD_LENGTH = 22;

    private RedisResourceBuilder(DistributedApplicationBuilder applicationBuilder, RedisResource resource) {
        super(applicationBuilder, resource);
    }

    /**
     * Adds Redis; what {@code DistributedApplicationBuilder.addRedis} calls.
     *
     * @param builder the application builder
     * @param name resource name
     * @param port host port in run mode, or null for a free one
     * @param password the password parameter, or null to generate {@code <name>-password} (read from
     *     {@code Parameters:<name>-password} when configured)
     * @return the builder
     * @throws IllegalArgumentException if the name or port is invalid
     */
    public static RedisResourceBuilder add(DistributedApplicationBuilder builder, String name, @Nullable Integer port,
            @Nullable ResourceBuilder<? extends ParameterResource, ?> password) {
        Objects.requireNonNull(builder, "builder");
        dev.hubbub.apphost.internal.model.ResourceNames.validate(Objects.requireNonNull(name, "name"));
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("Port " + port + " of Redis resource '" + name
                    + "' is out of range: use 1-65535, or null for a free port.");
        }
        // Not added to the model, as in Aspire: the manifest writes it after the model's resources, as a referenced one.
        ParameterResource pw = password != null ? password.resource()
                : new GeneratedParameterResource(name + "-password", builder.configuration(), GENERATED_PASSWORD_LENGTH, false);
        RedisResource redis = new RedisResource(name, pw, port);
        // The PATH redis-server is looked up in: the configuration's (the environment's, unless options replace it).
        redis.annotations().add(new ExecutableSearchPath(builder.configuration().get("PATH").orElse(System.getenv("PATH"))));
        return new RedisResourceBuilder(builder, builder.addResource(redis));
    }
}
