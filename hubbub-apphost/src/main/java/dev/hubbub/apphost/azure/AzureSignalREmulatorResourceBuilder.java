package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.WaitAnnotation;
import dev.hubbub.apphost.redis.RedisResource;

import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.ResourceBuilder;
import org.jspecify.annotations.Nullable;

/** Configures the emulator in {@code runAsEmulator(emulator -> ...)}. */
public final class AzureSignalREmulatorResourceBuilder
        extends ResourceBuilder<AzureSignalREmulatorResource, AzureSignalREmulatorResourceBuilder> {

    AzureSignalREmulatorResourceBuilder(DistributedApplicationBuilder applicationBuilder, AzureSignalREmulatorResource resource) {
        super(applicationBuilder, resource);
    }

    /**
     * Fixes the host port of the emulator (default: a free port).
     *
     * @param port the port, or null for a free one
     * @return this builder
     */
    public AzureSignalREmulatorResourceBuilder withHostPort(@Nullable Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("Emulator host port " + port + " of resource '" + resource().name()
                    + "' is out of range: use 1-65535 or null for a free port.");
        }
        EndpointAnnotation old = resource().innerResource().emulatorEndpoint();
        if (old != null) {
            resource().annotations().remove(old);
        }
        return withAnnotation(new EndpointAnnotation(AzureSignalRResource.EMULATOR_ENDPOINT_NAME, "http", port, 8888, null));
    }

    /**
     * Runs the emulator as {@code replicas} service nodes that act as one service over a Redis backplane (set it
     * with {@link #withBackplane}): a REST call, an app server or a client on any node reaches the connections on
     * every node. Each resource that references the emulator gets one node's endpoint in its connection string, in
     * turn (the first reference node 1, the second node 2, ...), so apps and their clients spread over the nodes.
     * Run mode only; publish mode writes the Azure resource as before.
     *
     * @param replicas 1 to 16
     * @return this builder
     */
    public AzureSignalREmulatorResourceBuilder withReplicas(int replicas) {
        EmulatorReplicasAnnotation old = current();
        if (old != null) {
            resource().innerResource().annotations().remove(old);
        }
        resource().innerResource().annotations().add(
                new EmulatorReplicasAnnotation(replicas, old == null ? null : old.backplane()));
        return this;
    }

    /**
     * The Redis the emulator's nodes share ({@code builder.addRedis("cache")}); the emulator waits for it to be
     * healthy. With one replica it still joins the backplane, so several app hosts' emulators, or a service started
     * with {@code start --redis}, can share it.
     *
     * @param redis the Redis resource
     * @return this builder
     */
    public AzureSignalREmulatorResourceBuilder withBackplane(ResourceBuilder<RedisResource, ?> redis) {
        RedisResource backplane = java.util.Objects.requireNonNull(redis, "redis").resource();
        EmulatorReplicasAnnotation old = current();
        if (old != null) {
            resource().innerResource().annotations().remove(old);
        }
        resource().innerResource().annotations().add(
                new EmulatorReplicasAnnotation(old == null ? 1 : old.replicas(), backplane));
        resource().innerResource().annotations().add(new WaitAnnotation(backplane));
        return this;
    }

    private @Nullable EmulatorReplicasAnnotation current() {
        return resource().innerResource().annotations(EmulatorReplicasAnnotation.class).stream().findFirst().orElse(null);
    }
}
