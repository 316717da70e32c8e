package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.HealthCheckAnnotation;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ResourceBuilder;
import dev.hubbub.apphost.ValueProvider;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Builder for an {@link AzureSignalRResource}. */
public final class AzureSignalRResourceBuilder extends ResourceBuilder<AzureSignalRResource, AzureSignalRResourceBuilder> {

    AzureSignalRResourceBuilder(DistributedApplicationBuilder applicationBuilder, AzureSignalRResource resource) {
        super(applicationBuilder, resource);
    }

    /**
     * Runs the resource as the local SignalR emulator in run mode (HTTP endpoint {@code emulator},
     * target port 8888, health check {@code GET /api/health} = 200). No effect in publish mode.
     *
     * @return this builder
     */
    public AzureSignalRResourceBuilder runAsEmulator() {
        return runAsEmulator(null);
    }

    /**
     * Like {@link #runAsEmulator()}, then lets {@code configure} adjust the emulator (e.g. its host port).
     *
     * @param configure emulator configuration, or null
     * @return this builder
     */
    public AzureSignalRResourceBuilder runAsEmulator(@Nullable Consumer<AzureSignalREmulatorResourceBuilder> configure) {
        if (applicationBuilder().executionContext().isPublishMode()) {
            return this;
        }
        if (!resource().isEmulator()) {
            withAnnotation(new EmulatorAnnotation());
            withAnnotation(new EndpointAnnotation(AzureSignalRResource.EMULATOR_ENDPOINT_NAME, "http", null, 8888, null));
            withAnnotation(new HealthCheckAnnotation(AzureSignalRResource.EMULATOR_ENDPOINT_NAME, "/api/health", 200));
        }
        if (configure != null) {
            configure.accept(new AzureSignalREmulatorResourceBuilder(applicationBuilder(),
                    new AzureSignalREmulatorResource(resource())));
        }
        return this;
    }

    /**
     * Edits the typed infrastructure when Bicep is generated; runs after the defaults and earlier steps.
     *
     * @param configure the step, e.g. {@code infra -> infra.single(SignalRService.class).sku().setName("Premium_P1")}
     * @return this builder
     */
    public AzureSignalRResourceBuilder configureInfrastructure(Consumer<AzureResourceInfrastructure> configure) {
        return withAnnotation(new InfrastructureCallbackAnnotation(Objects.requireNonNull(configure, "configure")));
    }

    /**
     * Uses an existing service in run and publish mode.
     *
     * @param name parameter holding the service name
     * @param resourceGroup parameter holding its resource group, or null for the deployment's
     * @return this builder
     */
    public AzureSignalRResourceBuilder asExisting(ResourceBuilder<? extends ParameterResource, ?> name,
            @Nullable ResourceBuilder<? extends ParameterResource, ?> resourceGroup) {
        return existing(name.resource(), resourceGroup == null ? null : resourceGroup.resource());
    }

    /** Uses an existing service in run and publish mode. @param name service name @param resourceGroup resource group, or null @return this builder */
    public AzureSignalRResourceBuilder asExisting(String name, @Nullable String resourceGroup) {
        return existing(ValueProvider.literal(name), resourceGroup == null ? null : ValueProvider.literal(resourceGroup));
    }

    /** Uses an existing service in run mode only. @param name name parameter @param resourceGroup resource group parameter, or null @return this builder */
    public AzureSignalRResourceBuilder runAsExisting(ResourceBuilder<? extends ParameterResource, ?> name,
            @Nullable ResourceBuilder<? extends ParameterResource, ?> resourceGroup) {
        return applicationBuilder().executionContext().isPublishMode() ? this : asExisting(name, resourceGroup);
    }

    /** Uses an existing service in run mode only. @param name service name @param resourceGroup resource group, or null @return this builder */
    public AzureSignalRResourceBuilder runAsExisting(String name, @Nullable String resourceGroup) {
        return applicationBuilder().executionContext().isPublishMode() ? this : asExisting(name, resourceGroup);
    }

    /** Uses an existing service in publish mode only. @param name name parameter @param resourceGroup resource group parameter, or null @return this builder */
    public AzureSignalRResourceBuilder publishAsExisting(ResourceBuilder<? extends ParameterResource, ?> name,
            @Nullable ResourceBuilder<? extends ParameterResource, ?> resourceGroup) {
        return applicationBuilder().executionContext().isPublishMode() ? asExisting(name, resourceGroup) : this;
    }

    /** Uses an existing service in publish mode only. @param name service name @param resourceGroup resource group, or null @return this builder */
    public AzureSignalRResourceBuilder publishAsExisting(String name, @Nullable String resourceGroup) {
        return applicationBuilder().executionContext().isPublishMode() ? asExisting(name, resourceGroup) : this;
    }

    private AzureSignalRResourceBuilder existing(ValueProvider name, @Nullable ValueProvider resourceGroup) {
        return withAnnotation(new ExistingAzureResourceAnnotation(name, resourceGroup));
    }
}
