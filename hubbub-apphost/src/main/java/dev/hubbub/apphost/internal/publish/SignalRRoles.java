package dev.hubbub.apphost.internal.publish;

import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ValueProvider;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.ExistingAzureResourceAnnotation;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.azure.RoleAssignment;
import dev.hubbub.apphost.azure.SignalRBuiltInRole;
import dev.hubbub.apphost.azure.SignalRService;
import dev.hubbub.apphost.internal.bicep.BicepNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Role-assignment modules of Aspire 9.2+: {@code <signalr>-roles} (one principal given by the deployment tool) and
 * {@code <compute>-roles-<signalr>} (the compute resource's own identity).
 */
public final class SignalRRoles {

    private SignalRRoles() {
    }

    /** @param s the SignalR resource @return its default roles: App Server, plus REST API Owner in Serverless mode */
    public static List<SignalRBuiltInRole> defaults(AzureSignalRResource s) {
        return s.serviceMode() == AzureSignalRServiceMode.SERVERLESS
                ? List.of(SignalRBuiltInRole.SIGNALR_APP_SERVER, SignalRBuiltInRole.SIGNALR_REST_API_OWNER)
                : List.of(SignalRBuiltInRole.SIGNALR_APP_SERVER);
    }

    /**
     * {@code <name>-roles}: parameters {@code <name>_outputs_name}, {@code principalType}, {@code principalId}.
     *
     * @param s the SignalR resource
     * @param roles the roles
     * @return the module's infrastructure
     */
    public static AzureResourceInfrastructure global(AzureSignalRResource s, List<SignalRBuiltInRole> roles) {
        AzureResourceInfrastructure infra = new AzureResourceInfrastructure(s, s.bicepIdentifier(), AzureOutputFormat.ASPIRE_13);
        SignalRService service = existingService(s, infra);
        ProvisioningParameter type = infra.add(new ProvisioningParameter("principalType", null));
        ProvisioningParameter id = infra.add(new ProvisioningParameter("principalId", null));
        for (SignalRBuiltInRole role : roles) {
            infra.add(new RoleAssignment(service, role, type, id));
        }
        return infra;
    }

    /**
     * {@code <compute>-roles-<name>}: parameters {@code <name>_outputs_name} and {@code principalId};
     * {@code principalType} is {@code 'ServicePrincipal'}.
     *
     * @param s the SignalR resource
     * @param roles the roles
     * @param principalId what the manifest or main template passes as the principal
     * @return the module's infrastructure
     */
    public static AzureResourceInfrastructure targeted(AzureSignalRResource s, List<SignalRBuiltInRole> roles, ValueProvider principalId) {
        AzureResourceInfrastructure infra = new AzureResourceInfrastructure(s, s.bicepIdentifier(), AzureOutputFormat.ASPIRE_13);
        SignalRService service = existingService(s, infra);
        ProvisioningParameter id = infra.add(new ProvisioningParameter("principalId", principalId));
        for (SignalRBuiltInRole role : roles) {
            infra.add(new RoleAssignment(service, role, null, id));
        }
        return infra;
    }

    /** The service as {@code existing}, named by the main module's {@code name} output or by the existing-resource name. */
    private static SignalRService existingService(AzureSignalRResource s, AzureResourceInfrastructure infra) {
        SignalRService service = SignalRService.fromExisting(s.bicepIdentifier());
        ExistingAzureResourceAnnotation existing = s.existing();
        if (existing == null) {
            service.setName(infra.add(new ProvisioningParameter(outputsNameParameter(s), s.nameOutput())));
        } else if (existing.name() instanceof ParameterResource p) {
            service.setName(infra.add(new ProvisioningParameter(BicepNames.normalizeIdentifier(p.name()), p)));
        } else {
            service.setName(existing.name().value());
        }
        infra.add(service);
        return service;
    }

    /** @param s the resource @return {@code <lowercased name, '-' and '.' as '_'>_outputs_name} */
    public static String outputsNameParameter(AzureSignalRResource s) {
        return s.name().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_outputs_name";
    }

    /** @param s the resource @return the resource group of an existing resource, or null */
    public static @Nullable ValueProvider resourceGroup(AzureSignalRResource s) {
        ExistingAzureResourceAnnotation existing = s.existing();
        return existing == null ? null : existing.resourceGroup();
    }

    static List<SignalRBuiltInRole> copy(List<SignalRBuiltInRole> roles) {
        return new ArrayList<>(roles);
    }
}
