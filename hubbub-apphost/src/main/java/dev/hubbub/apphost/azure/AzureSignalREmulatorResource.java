package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.ResourceAnnotation;
import java.util.List;
import java.util.Objects;

/**
 * The emulator view of an {@link AzureSignalRResource}: it shares the inner resource's name and
 * annotations, so whatever is configured on it lands on the SignalR resource.
 */
public final class AzureSignalREmulatorResource implements Resource {

    private final AzureSignalRResource inner;

    /** @param inner the SignalR resource being emulated */
    public AzureSignalREmulatorResource(AzureSignalRResource inner) {
        this.inner = Objects.requireNonNull(inner, "innerResource");
    }

    /** @return the emulated SignalR resource */
    public AzureSignalRResource innerResource() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<ResourceAnnotation> annotations() {
        return inner.annotations();
    }
}
