package dev.hubbub.apphost.internal.publish;

import static dev.hubbub.apphost.internal.bicep.BicepExpression.call;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.member;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.ref;
import static dev.hubbub.apphost.internal.bicep.BicepExpression.string;

import dev.hubbub.apphost.ConnectionPropertyAnnotation;
import dev.hubbub.apphost.ConnectionStringReference;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.EndpointAnnotation;
import dev.hubbub.apphost.EndpointReference;
import dev.hubbub.apphost.EnvironmentAnnotation;
import dev.hubbub.apphost.ExecutableResource;
import dev.hubbub.apphost.ExternalEndpointsAnnotation;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ProjectResource;
import dev.hubbub.apphost.ReferenceExpression;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.RoleAssignmentAnnotation;
import dev.hubbub.apphost.ValueProvider;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.BicepOutputReference;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.azure.SignalRBuiltInRole;
import dev.hubbub.apphost.internal.bicep.BicepExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.ArrayExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.IntLiteral;
import dev.hubbub.apphost.internal.bicep.BicepExpression.InterpolatedString;
import dev.hubbub.apphost.internal.bicep.BicepNames;
import dev.hubbub.apphost.internal.bicep.BicepObject;
import dev.hubbub.apphost.internal.bicep.BicepStatement;
import dev.hubbub.apphost.internal.bicep.BicepStatement.Output;
import dev.hubbub.apphost.internal.bicep.BicepStatement.Param;
import dev.hubbub.apphost.internal.bicep.BicepWriter;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code --publisher azure}: the Azure Container Apps layout of Aspire 13's publisher. {@code main.bicep}
 * (subscription scope) creates the resource group and deploys {@code <module>/<module>.bicep} for the registry
 * ({@code <env>-acr}), the environment ({@code <env>}: identity, Log Analytics, Container Apps environment), each
 * Azure SignalR resource, and for each Java project its identity, its role assignments on the SignalR resources it
 * references and its container app. Aspire deploys container apps in a later step of {@code aspire deploy}, after
 * pushing images; Hubbub puts them in {@code main.bicep} with one {@code <name>_containerimage} parameter each, so a
 * single {@code az deployment sub create} deploys everything.
 */
public final class ContainerAppsPublisher {

    private static final String LOCATION_DESCRIPTION = "The location for the resource(s) to be deployed.";
    private static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private static final String ROLE_DEFINITIONS = "Microsoft.Authorization/roleDefinitions";
    private static final String CONTAINER_APPS_API = "Microsoft.App/containerApps@2025-01-01";

    private final String env;
    private final String envId;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<BicepStatement> mainParams = new ArrayList<>();
    private final Set<String> mainParamNames = new LinkedHashSet<>();
    private final List<BicepStatement> modules = new ArrayList<>();
    private final Map<String, Output> outputs = new LinkedHashMap<>();

    private ContainerAppsPublisher(String environmentName) {
        this.env = environmentName;
        this.envId = BicepNames.normalizeIdentifier(environmentName);
    }

    /**
     * Renders every file of the layout.
     *
     * @param resources the model
     * @param environmentName the Container Apps environment's name ({@code Publishing:ContainerAppEnvironment})
     * @param imageReferences how each Java project's image is named (used in the parameter's description)
     * @return relative path to content, {@code main.bicep} first
     */
    public static Map<String, String> render(List<Resource> resources, String environmentName,
            java.util.function.Function<String, String> imageReferences) {
        ContainerAppsPublisher p = new ContainerAppsPublisher(environmentName);
        return p.run(resources, imageReferences);
    }

    private Map<String, String> run(List<Resource> resources, java.util.function.Function<String, String> images) {
        mainParam(new Param("resourceGroupName", "string", null, null));
        mainParam(new Param("location", "string", null, null));
        mainParam(new Param("principalId", "string", null, null));
        modules.add(new BicepStatement.Resource("rg", "Microsoft.Resources/resourceGroups@2023-07-01", false,
                BicepObject.of().put("name", ref("resourceGroupName")).put("location", ref("location")).build()));
        String acr = env + "-acr";
        module(acr, registry(acr), BicepObject.of(), null);
        module(env, environment(acr), BicepObject.of()
                .put(BicepNames.normalizeIdentifier(acr) + "_outputs_name", member(ref(BicepNames.normalizeIdentifier(acr)), "outputs.name"))
                .put("userPrincipalId", ref("principalId")), null);
        for (Resource r : resources) {
            if (r instanceof AzureSignalRResource s) {
                signalR(s);
            }
        }
        List<ProjectResource> projects = new ArrayList<>();
        for (Resource r : resources) {
            if (r instanceof ExecutableResource e) {
                throw new DistributedApplicationException("Executable '" + e.name() + "' cannot be deployed to Azure "
                        + "Container Apps: only Java projects (addProject) become container images. Publish with "
                        + "--publisher manifest, or model it as a project.");
            }
            if (r instanceof dev.hubbub.apphost.redis.RedisResource redis) {
                // Aspire deploys it as a container app of its own (docker.io/library/redis with the password as a
                // Container Apps secret); this publisher models only Java projects and Azure SignalR so far.
                throw new DistributedApplicationException("Redis '" + redis.name() + "' cannot be deployed to Azure "
                        + "Container Apps by --publisher azure yet: it writes only Java projects and Azure SignalR. "
                        + "Publish with --publisher manifest (Aspire's Redis container resource, for azd), or use "
                        + "builder.addConnectionString(\"" + redis.name() + "\") for an existing Redis in publish mode.");
            }
            if (r instanceof ProjectResource p) {
                projects.add(p);
                identityAndRoles(p);
            }
        }
        for (ProjectResource p : projects) {
            mainParam(new Param(BicepNames.normalizeIdentifier(p.name()).toLowerCase(Locale.ROOT) + "_containerimage", "string",
                    "Image of '" + p.name() + "', e.g. " + images.apply(p.name()) + " pushed to the registry of output "
                            + envId + "_AZURE_CONTAINER_REGISTRY_ENDPOINT.", null));
        }
        for (ProjectResource p : projects) {
            containerApp(p);
        }
        List<BicepStatement> main = new ArrayList<>();
        main.add(new BicepStatement.TargetScope("subscription"));
        main.addAll(mainParams);
        main.addAll(modules);
        main.addAll(outputs.values());
        Map<String, String> out = new LinkedHashMap<>();
        out.put("main.bicep", BicepWriter.write(main));
        out.putAll(files);
        return out;
    }

    private void mainParam(Param p) {
        if (mainParamNames.add(p.name())) {
            mainParams.add(p);
        }
    }

    private void module(String name, List<BicepStatement> statements, BicepObject params, @Nullable BicepExpression scope) {
        files.put(name + "/" + name + ".bicep", BicepWriter.write(statements));
        BicepObject all = BicepObject.of().put("location", ref("location"));
        for (var p : params.build().properties()) {
            all.put(p.key(), p.value());
        }
        modules.add(new BicepStatement.Module(BicepNames.normalizeIdentifier(name), name + "/" + name + ".bicep",
                BicepObject.of().put("name", name).put("scope", scope == null ? ref("rg") : scope).put("params", all).build()));
    }

    private static Param location() {
        return new Param("location", "string", LOCATION_DESCRIPTION, member(call("resourceGroup"), "location"));
    }

    private static BicepExpression take(String prefix, int max) {
        return call("take", new InterpolatedString(List.of(prefix, call("uniqueString", member(call("resourceGroup"), "id")))),
                new IntLiteral(max));
    }

    private static String alphanumeric(String s) {
        return s.replaceAll("[^A-Za-z0-9]", "");
    }

    private List<BicepStatement> registry(String name) {
        String id = BicepNames.normalizeIdentifier(name);
        return List.of(location(),
                new BicepStatement.Resource(id, "Microsoft.ContainerRegistry/registries@2025-04-01", false, BicepObject.of()
                        .put("name", take(alphanumeric(id), 50))
                        .put("location", ref("location"))
                        .put("sku", BicepObject.of().put("name", "Basic"))
                        .put("tags", BicepObject.of().put("aspire-resource-name", name))
                        .build()),
                new Output("name", "string", member(ref(id), "name")),
                new Output("loginServer", "string", member(ref(id), "properties.loginServer")));
    }

    private List<BicepStatement> environment(String acr) {
        String acrId = BicepNames.normalizeIdentifier(acr);
        String mi = envId + "_mi";
        String law = envId + "_law";
        BicepExpression acrPull = call("subscriptionResourceId", string(ROLE_DEFINITIONS), string(ACR_PULL));
        return List.of(location(),
                new Param("userPrincipalId", "string", null, string("")),
                new Param("tags", "object", null, BicepObject.of().build()),
                new Param(acrId + "_outputs_name", "string", null, null),
                new BicepStatement.Resource(mi, "Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30", false,
                        BicepObject.of().put("name", take(mi + "-", 128)).put("location", ref("location"))
                                .put("tags", ref("tags")).build()),
                new BicepStatement.Resource(acrId, "Microsoft.ContainerRegistry/registries@2025-04-01", true,
                        BicepObject.of().put("name", ref(acrId + "_outputs_name")).build()),
                new BicepStatement.Resource(acrId + "_" + mi + "_AcrPull", "Microsoft.Authorization/roleAssignments@2022-04-01", false,
                        BicepObject.of()
                                .put("name", call("guid", member(ref(acrId), "id"), member(ref(mi), "id"), acrPull))
                                .put("properties", BicepObject.of()
                                        .put("principalId", member(ref(mi), "properties.principalId"))
                                        .put("roleDefinitionId", acrPull)
                                        .put("principalType", "ServicePrincipal"))
                                .put("scope", ref(acrId)).build()),
                new BicepStatement.Resource(law, "Microsoft.OperationalInsights/workspaces@2025-02-01", false, BicepObject.of()
                        .put("name", take(alphanumeric(law) + "-", 63))
                        .put("location", ref("location"))
                        .put("properties", BicepObject.of().put("sku", BicepObject.of().put("name", "PerGB2018")))
                        .put("tags", ref("tags")).build()),
                new BicepStatement.Resource(envId, "Microsoft.App/managedEnvironments@2025-01-01", false, BicepObject.of()
                        .put("name", take(alphanumeric(envId), 24))
                        .put("location", ref("location"))
                        .put("properties", BicepObject.of()
                                .put("appLogsConfiguration", BicepObject.of()
                                        .put("destination", "log-analytics")
                                        .put("logAnalyticsConfiguration", BicepObject.of()
                                                .put("customerId", member(ref(law), "properties.customerId"))
                                                .put("sharedKey", member(new BicepExpression.MemberCall(ref(law), "listKeys", List.of()),
                                                        "primarySharedKey"))))
                                .put("workloadProfiles", new ArrayExpression(List.of(BicepObject.of()
                                        .put("name", "consumption").put("workloadProfileType", "Consumption").build()))))
                        .put("tags", ref("tags")).build()),
                new BicepStatement.Resource("aspireDashboard", "Microsoft.App/managedEnvironments/dotNetComponents@2024-10-02-preview",
                        false, BicepObject.of().put("name", "aspire-dashboard")
                                .put("properties", BicepObject.of().put("componentType", "AspireDashboard"))
                                .put("parent", ref(envId)).build()),
                new Output("AZURE_LOG_ANALYTICS_WORKSPACE_NAME", "string", member(ref(law), "name")),
                new Output("AZURE_LOG_ANALYTICS_WORKSPACE_ID", "string", member(ref(law), "id")),
                new Output("AZURE_CONTAINER_REGISTRY_NAME", "string", member(ref(acrId), "name")),
                new Output("AZURE_CONTAINER_REGISTRY_ENDPOINT", "string", member(ref(acrId), "properties.loginServer")),
                new Output("AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID", "string", member(ref(mi), "id")),
                new Output("AZURE_CONTAINER_APPS_ENVIRONMENT_NAME", "string", member(ref(envId), "name")),
                new Output("AZURE_CONTAINER_APPS_ENVIRONMENT_ID", "string", member(ref(envId), "id")),
                new Output("AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN", "string", member(ref(envId), "properties.defaultDomain")));
    }

    private void signalR(AzureSignalRResource s) {
        AzureResourceInfrastructure infra = s.buildInfrastructure(AzureOutputFormat.ASPIRE_13);
        BicepObject params = BicepObject.of();
        for (ProvisioningParameter p : infra.getParameters()) {
            params.put(p.name(), mainValue(p.manifestValue(), s.name()));
        }
        ValueProvider rg = SignalRRoles.resourceGroup(s);
        files.put(s.name() + "/" + s.name() + ".bicep", InfrastructureCompiler.toBicep(infra));
        BicepObject all = BicepObject.of().put("location", ref("location"));
        for (var p : params.build().properties()) {
            all.put(p.key(), p.value());
        }
        modules.add(new BicepStatement.Module(s.bicepIdentifier(), s.name() + "/" + s.name() + ".bicep", BicepObject.of()
                .put("name", s.name())
                .put("scope", rg == null ? ref("rg") : call("resourceGroup", mainValue(rg, s.name())))
                .put("params", all).build()));
    }

    /** A value passed from main.bicep: a parameter of the model becomes a main parameter, a literal stays literal. */
    private BicepExpression mainValue(@Nullable ValueProvider v, String owner) {
        if (v instanceof ParameterResource p) {
            String name = BicepNames.normalizeIdentifier(p.name());
            mainParam(new Param(name, "string", null, null));
            return ref(name);
        }
        if (v instanceof ReferenceExpression e && e.valueProviders().isEmpty()) {
            return string(e.valueExpression());
        }
        if (v instanceof BicepOutputReference o) {
            return member(ref(o.resource().bicepIdentifier()), "outputs." + o.name());
        }
        throw new DistributedApplicationException("Resource '" + owner + "' passes " + (v == null ? "an empty value" : v.valueExpression())
                + " to Azure, which --publisher azure cannot express yet: use a parameter (addParameter) or a literal.");
    }

    private Map<AzureSignalRResource, List<SignalRBuiltInRole>> roles(ProjectResource p) {
        Map<AzureSignalRResource, List<SignalRBuiltInRole>> roles = new LinkedHashMap<>();
        for (var a : p.annotations()) {
            if (a instanceof EnvironmentAnnotation e && e.value() instanceof ConnectionStringReference c
                    && c.resource() instanceof AzureSignalRResource s) {
                roles.putIfAbsent(s, SignalRRoles.defaults(s));
            }
        }
        for (RoleAssignmentAnnotation r : p.annotations(RoleAssignmentAnnotation.class)) {
            roles.put(r.target(), r.roles());
        }
        return roles;
    }

    private void identityAndRoles(ProjectResource p) {
        Map<AzureSignalRResource, List<SignalRBuiltInRole>> roles = roles(p);
        if (roles.isEmpty()) {
            return;
        }
        String identity = p.name() + "-identity";
        String id = BicepNames.normalizeIdentifier(identity);
        module(identity, List.of(location(),
                new BicepStatement.Resource(id, "Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30", false,
                        BicepObject.of().put("name", take(id + "-", 128)).put("location", ref("location")).build()),
                new Output("id", "string", member(ref(id), "id")),
                new Output("clientId", "string", member(ref(id), "properties.clientId")),
                new Output("principalId", "string", member(ref(id), "properties.principalId")),
                new Output("principalName", "string", member(ref(id), "name")),
                new Output("name", "string", member(ref(id), "name"))), BicepObject.of(), null);
        for (Map.Entry<AzureSignalRResource, List<SignalRBuiltInRole>> e : roles.entrySet()) {
            AzureSignalRResource s = e.getKey();
            String name = p.name() + "-roles-" + s.name();
            AzureResourceInfrastructure infra = SignalRRoles.targeted(s, e.getValue(), ValueProvider.literal(""));
            BicepObject params = BicepObject.of();
            for (ProvisioningParameter param : infra.getParameters()) {
                params.put(param.name(), param.name().equals("principalId")
                        ? member(ref(id), "outputs.principalId") : mainValue(param.manifestValue(), s.name()));
            }
            ValueProvider rg = SignalRRoles.resourceGroup(s);
            files.put(name + "/" + name + ".bicep", InfrastructureCompiler.toBicep(infra));
            BicepObject all = BicepObject.of().put("location", ref("location"));
            for (var x : params.build().properties()) {
                all.put(x.key(), x.value());
            }
            modules.add(new BicepStatement.Module(BicepNames.normalizeIdentifier(name), name + "/" + name + ".bicep", BicepObject.of()
                    .put("name", name).put("scope", rg == null ? ref("rg") : call("resourceGroup", mainValue(rg, s.name())))
                    .put("params", all).build()));
        }
    }

    /** Parameters of one container app module, in first-use order, with what main.bicep passes for each. */
    private final class AppParams {
        final Map<String, BicepExpression> fromMain = new LinkedHashMap<>();

        BicepExpression output(String moduleName, String outputName) {
            String param = moduleName.toLowerCase(Locale.ROOT).replace('-', '_') + "_outputs_" + outputName.toLowerCase(Locale.ROOT);
            String moduleId = BicepNames.normalizeIdentifier(moduleName);
            fromMain.putIfAbsent(param, member(ref(moduleId), "outputs." + outputName));
            String out = BicepNames.normalizeIdentifier(moduleName + "_" + outputName);
            outputs.putIfAbsent(out, new Output(out, "string", member(ref(moduleId), "outputs." + outputName)));
            return ref(param);
        }

        BicepExpression image(ProjectResource p) {
            String param = BicepNames.normalizeIdentifier(p.name()).toLowerCase(Locale.ROOT) + "_containerimage";
            fromMain.putIfAbsent(param, ref(param));
            return ref(param);
        }
    }

    private void containerApp(ProjectResource p) {
        AppParams params = new AppParams();
        String name = p.name().toLowerCase(Locale.ROOT);
        String appId = BicepNames.normalizeIdentifier(p.name());
        params.output(env, "AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN");
        BicepExpression environmentId = params.output(env, "AZURE_CONTAINER_APPS_ENVIRONMENT_ID");
        BicepExpression registry = params.output(env, "AZURE_CONTAINER_REGISTRY_ENDPOINT");
        BicepExpression registryIdentity = params.output(env, "AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID");
        BicepExpression image = params.image(p);
        boolean hasIdentity = !roles(p).isEmpty();
        BicepExpression identityId = hasIdentity ? params.output(p.name() + "-identity", "id") : null;

        BicepObject configuration = BicepObject.of().put("activeRevisionsMode", "Single");
        List<EndpointAnnotation> endpoints = p.annotations(EndpointAnnotation.class);
        boolean external = !p.annotations(ExternalEndpointsAnnotation.class).isEmpty();
        if (!endpoints.isEmpty()) {
            BicepObject ingress = BicepObject.of().put("external", new BicepExpression.BoolLiteral(external))
                    .put("targetPort", new IntLiteral(targetPort(p, endpoints.get(0)))).put("transport", "http");
            if (endpoints.size() > 1) {
                List<BicepExpression> more = new ArrayList<>();
                for (EndpointAnnotation e : endpoints.subList(1, endpoints.size())) {
                    more.add(BicepObject.of().put("external", new BicepExpression.BoolLiteral(external))
                            .put("targetPort", new IntLiteral(targetPort(p, e))).build());
                }
                ingress.put("additionalPortMappings", new ArrayExpression(more));
            }
            configuration.put("ingress", ingress);
        }
        configuration.put("registries", new ArrayExpression(List.of(BicepObject.of()
                .put("server", registry).put("identity", registryIdentity).build())));

        List<BicepExpression> env = new ArrayList<>();
        for (var a : p.annotations()) {
            if (a instanceof EnvironmentAnnotation e) {
                env.add(variable(e.name(), value(e.value(), p, params)));
            } else if (a instanceof ConnectionPropertyAnnotation c) {
                env.add(variable(c.name(), value(c.value(), p, params)));
            }
        }
        if (hasIdentity) {
            env.add(variable("AZURE_CLIENT_ID", params.output(p.name() + "-identity", "clientId")));
            env.add(variable("AZURE_TOKEN_CREDENTIALS", string("ManagedIdentityCredential")));
        }
        BicepObject container = BicepObject.of().put("image", image).put("name", name);
        if (!env.isEmpty()) {
            container.put("env", new ArrayExpression(env));
        }
        BicepObject identities = BicepObject.of();
        if (identityId != null) {
            identities.put(new InterpolatedString(List.of("", identityId, "")), BicepObject.of().build());
        }
        identities.put(new InterpolatedString(List.of("", registryIdentity, "")), BicepObject.of().build());

        List<BicepStatement> statements = new ArrayList<>();
        statements.add(location());
        for (String param : params.fromMain.keySet()) {
            statements.add(new Param(param, "string", null, null));
        }
        statements.add(new BicepStatement.Resource(appId, CONTAINER_APPS_API, false, BicepObject.of()
                .put("name", name)
                .put("location", ref("location"))
                .put("properties", BicepObject.of()
                        .put("configuration", configuration)
                        .put("environmentId", environmentId)
                        .put("template", BicepObject.of()
                                .put("containers", new ArrayExpression(List.of(container.build())))
                                .put("scale", BicepObject.of().put("minReplicas", new IntLiteral(1)))))
                .put("identity", BicepObject.of().put("type", "UserAssigned").put("userAssignedIdentities", identities))
                .build()));
        BicepObject moduleParams = BicepObject.of();
        params.fromMain.forEach(moduleParams::put);
        module(p.name() + "-containerapp", statements, moduleParams, null);
    }

    /** An endpoint without a port listens on the lowest port from 8000 up that the app's other endpoints do not use. */
    private static int targetPort(ProjectResource p, EndpointAnnotation e) {
        Integer t = e.targetPort();
        if (t != null) {
            return t;
        }
        java.util.Set<Integer> used = new java.util.HashSet<>();
        int next = 8000;
        for (EndpointAnnotation other : p.annotations(EndpointAnnotation.class)) {
            Integer explicit = other.targetPort();
            if (explicit != null) {
                used.add(explicit);
            }
        }
        for (EndpointAnnotation other : p.annotations(EndpointAnnotation.class)) {
            if (other.targetPort() == null) {
                while (used.contains(next)) {
                    next++;
                }
                if (other == e) {
                    return next;
                }
                used.add(next);
            }
        }
        throw new IllegalStateException("endpoint " + e.name() + " is not an endpoint of " + p.name());
    }

    private static BicepExpression variable(String name, BicepExpression value) {
        return BicepObject.of().put("name", name).put("value", value).build();
    }

    private BicepExpression value(ValueProvider v, ProjectResource owner, AppParams params) {
        if (v instanceof ConnectionStringReference c) {
            return value(c.resource().connectionStringExpression(), owner, params);
        }
        if (v instanceof BicepOutputReference o) {
            return params.output(o.resource().name(), o.name());
        }
        if (v instanceof EndpointReference e && e.resource() == owner
                && (e.property().equalsIgnoreCase("targetPort") || e.property().equalsIgnoreCase("port"))) {
            return string(Integer.toString(targetPort(owner, e.endpoint())));
        }
        if (v instanceof ReferenceExpression r) {
            List<ValueProvider> providers = r.valueProviders();
            if (providers.isEmpty()) {
                return string(r.valueExpression());
            }
            if (providers.size() == 1 && r.valueExpression().equals(providers.get(0).valueExpression())) {
                return value(providers.get(0), owner, params);
            }
            List<Object> parts = new ArrayList<>();
            for (Object part : r.parts()) {
                parts.add(part instanceof ValueProvider pv ? value(pv, owner, params) : part);
            }
            return new InterpolatedString(parts);
        }
        throw new DistributedApplicationException("Environment value " + v.valueExpression() + " of '" + owner.name()
                + "' cannot be deployed by --publisher azure yet (supported: literals, Azure SignalR references, the "
                + "project's own ports). Publish with --publisher manifest for other values.");
    }
}
