package dev.hubbub.apphost.azure;

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
}
