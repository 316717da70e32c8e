package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.internal.bicep.BicepNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code addAzureSignalR}: creates the resource and registers its default infrastructure (used by
 * {@link DistributedApplicationBuilder#addAzureSignalR(String, AzureSignalRServiceMode)}).
 */
public final class AzureSignalRExtensions {

    private AzureSignalRExtensions() {
    }

    /**
     * Adds an Azure SignalR Service resource.
     *
     * @param builder the application builder
     * @param name resource name
     * @param serviceMode service mode
     * @return the resource builder
     */
    public static AzureSignalRResourceBuilder addAzureSignalR(DistributedApplicationBuilder builder, String name,
            AzureSignalRServiceMode serviceMode) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(serviceMode, "serviceMode");
        AzureSignalRResource resource = builder.addResource(new AzureSignalRResource(name, serviceMode));
        AzureSignalRResourceBuilder rb = new AzureSignalRResourceBuilder(builder, resource);
        rb.withAnnotation(new InfrastructureCallbackAnnotation(infra -> configureDefaults(infra, serviceMode)));
        return rb;
    }

    /**
     * The defaults of the infrastructure's format. Aspire 9.1: the service (new or existing), the hostName output,
     * principal parameters, default roles. Aspire 13: {@code disableLocalAuth: true}, outputs hostName, name and id,
     * no roles (they go to {@code <name>-roles.module.bicep}).
     */
    private static void configureDefaults(AzureResourceInfrastructure infra, AzureSignalRServiceMode serviceMode) {
        AzureSignalRResource aspire = infra.aspireResource();
        ExistingAzureResourceAnnotation existing = aspire.existing();
        SignalRService service;
        if (existing != null) {
            service = SignalRService.fromExisting(infra.bicepIdentifier());
            if (existing.name() instanceof ParameterResource p) {
                service.setName(infra.add(new ProvisioningParameter(BicepNames.normalizeIdentifier(p.name()), p)));
            } else {
                service.setName(existing.name().value());
            }
        } else {
            service = SignalRService.create(infra.bicepIdentifier());
            service.setCorsAllowedOrigins(List.of("*"));
            if (infra.format() == AzureOutputFormat.ASPIRE_13) {
                service.setDisableLocalAuth(true);
            }
            service.setFeatures(new ArrayList<>(List.of(new SignalRFeature("ServiceMode", serviceMode.bicepValue()))));
            service.setKind("SignalR");
            service.sku().setName("Free_F1");
            service.sku().setCapacity(1);
            service.addTag("aspire-resource-name", aspire.name());
        }
        infra.add(service);
        infra.add(new ProvisioningOutput("hostName", service, "properties.hostName"));
        if (infra.format() == AzureOutputFormat.ASPIRE_13) {
            // 9.2 moved role assignments to their own module, which finds the service by this output; 13.2 added id.
            infra.add(new ProvisioningOutput("name", service, "name"));
            infra.add(new ProvisioningOutput("id", service, "id"));
            return;
        }
        ProvisioningParameter principalType = infra.add(new ProvisioningParameter("principalType", null));
        ProvisioningParameter principalId = infra.add(new ProvisioningParameter("principalId", null));
        infra.add(new RoleAssignment(service, SignalRBuiltInRole.SIGNALR_APP_SERVER, principalType, principalId));
        if (serviceMode == AzureSignalRServiceMode.SERVERLESS) {
            infra.add(new RoleAssignment(service, SignalRBuiltInRole.SIGNALR_REST_API_OWNER, principalType, principalId));
        }
    }
}
