package dev.hubbub.apphost.internal.azure;

import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.ParameterResource;
import dev.hubbub.apphost.ValueProvider;
import dev.hubbub.apphost.azure.AzureOutputFormat;
import dev.hubbub.apphost.azure.AzureResourceInfrastructure;
import dev.hubbub.apphost.azure.AzureSignalRResource;
import dev.hubbub.apphost.azure.ExistingAzureResourceAnnotation;
import dev.hubbub.apphost.azure.ProvisioningParameter;
import dev.hubbub.apphost.internal.bicep.InfrastructureCompiler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions an Azure SignalR resource in run mode, as Aspire does: its module (the seed's, Aspire 9.1: the service and
 * its role assignments for the signed-in principal, {@code principalType} {@code User}) is compiled to an ARM template
 * and deployed to the resource group as deployment {@code <resource name>}; the long-running operation is polled; the
 * outputs ({@code hostName}) feed the connection string. A deployment whose template and parameters are unchanged since
 * the last successful one (checksum in {@code Azure:DeploymentStateDirectory}) and that still exists in Azure is reused.
 */
public final class AzureProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.apphost.azure");
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    static final String RESOURCES_API = "2021-04-01";
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    private final AzureProvisioningSettings settings;
    private final ArmClient arm;
    // The resource groups already checked or created by this app host run.
    private final java.util.Set<String> readyGroups = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param settings subscription, location, resource group and endpoints
     * @param credential the credential for Azure Resource Manager
     */
    public AzureProvisioner(AzureProvisioningSettings settings, TokenCredential credential) {
        this(settings, credential, d -> Thread.sleep(d.toMillis()));
    }

    AzureProvisioner(AzureProvisioningSettings settings, TokenCredential credential, ArmClient.Sleeper sleeper) {
        this.settings = settings;
        this.arm = new ArmClient(credential, settings.tokenScope(), settings.resourceManager(), sleeper);
    }

    /** @return the settings */
    public AzureProvisioningSettings settings() {
        return settings;
    }

    /**
     * Deploys (or reuses) the resource's module and returns its outputs.
     *
     * @param resource the SignalR resource
     * @return output name to value, e.g. {@code hostName}
     * @throws DistributedApplicationException with what failed and what to do
     */
    public Map<String, String> provision(AzureSignalRResource resource) {
        AzureResourceInfrastructure infra = resource.buildInfrastructure(AzureOutputFormat.ASPIRE_9_1);
        Map<String, Object> template = ArmTemplateCompiler.compile(InfrastructureCompiler.compile(infra));
        String group = resourceGroup(resource);
        @org.jspecify.annotations.Nullable String principalId = null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (ProvisioningParameter p : infra.getParameters()) {
            ValueProvider v = p.manifestValue();
            String value;
            if (v != null) {
                value = v.value();
            } else if (p.name().equals("principalType")) {
                value = "User";
            } else if (p.name().equals("principalId")) {
                if (principalId == null) {
                    principalId = arm.principalId();
                }
                value = principalId;
            } else {
                throw new DistributedApplicationException("Module parameter '" + p.name() + "' of '" + resource.name()
                        + "' has no value in run mode.");
            }
            parameters.put(p.name(), Map.of("value", value));
        }
        String checksum = checksum(template, parameters, group);
        String deployment = deploymentPath(group, resource.name());
        DeploymentState state = new DeploymentState(settings.stateDirectory(), settings.subscriptionId(), group, resource.name());
        if (checksum.equals(state.checksum())) {
            ArmClient.Response existing = arm.get(arm.resolve(deployment));
            if (existing.status() == 200
                    && "Succeeded".equals(existing.body().path("properties").path("provisioningState").asText())) {
                LOG.info("[{}] Using deployment '{}' in resource group '{}': template and parameters are unchanged",
                        resource.name(), resource.name(), group);
                return outputs(existing.body());
            }
            LOG.info("[{}] The last deployment is gone or did not succeed (HTTP {}); deploying again", resource.name(),
                    existing.status());
        }
        ensureResourceGroup(group);
        LOG.info("[{}] Deploying to resource group '{}' in subscription '{}' (deployment '{}')", resource.name(), group,
                settings.subscriptionId(), resource.name());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("mode", "Incremental");
        properties.put("template", template);
        properties.put("parameters", parameters);
        Map<String, Object> body = Map.of("properties", properties);
        ArmClient.Response put = arm.put(arm.resolve(deployment), body);
        if (put.status() != 200 && put.status() != 201) {
            throw ArmClient.failure("Deploying '" + resource.name() + "' to resource group '" + group + "'", put);
        }
        JsonNode done = await(resource.name(), group, deployment, put);
        Map<String, String> outputs = outputs(done);
        state.save(checksum, done.path("id").asText(""), outputs);
        LOG.info("[{}] Provisioned: {}", resource.name(), outputs.keySet());
        return outputs;
    }

    private String resourceGroup(AzureSignalRResource resource) {
        ExistingAzureResourceAnnotation existing = resource.existing();
        ValueProvider rg = existing == null ? null : existing.resourceGroup();
        if (rg == null) {
            return settings.resourceGroup();
        }
        String value = rg.value();
        if (rg instanceof ParameterResource p && value.isBlank()) {
            throw new DistributedApplicationException("Parameter '" + p.name() + "' (the resource group of existing "
                    + "SignalR resource '" + resource.name() + "') is empty: set Parameters__" + p.name() + ".");
        }
        return value;
    }

    private String groupPath(String group) {
        return "subscriptions/" + encode(settings.subscriptionId()) + "/resourcegroups/" + encode(group);
    }

    private String deploymentPath(String group, String name) {
        return groupPath(group) + "/providers/Microsoft.Resources/deployments/" + encode(name) + "?api-version=" + RESOURCES_API;
    }

    private void ensureResourceGroup(String group) {
        if (readyGroups.contains(group)) {
            return;
        }
        URI uri = arm.resolve(groupPath(group) + "?api-version=" + RESOURCES_API);
        ArmClient.Response r = arm.get(uri);
        if (r.status() == 404 && !"SubscriptionNotFound".equals(ArmClient.errorCode(r))) {
            if (!settings.allowResourceGroupCreation()) {
                throw new ArmException("Resource group '" + group + "' does not exist in subscription '"
                        + settings.subscriptionId() + "'. Create it (az group create -n " + group + " -l "
                        + settings.location() + "), or set Azure__AllowResourceGroupCreation=true to let the app host create it.",
                        404, "ResourceGroupNotFound");
            }
            LOG.info("Creating resource group '{}' in {}", group, settings.location());
            ArmClient.Response created = arm.put(uri, Map.of("location", settings.location(),
                    "tags", Map.of("hubbub-apphost", "true")));
            if (created.status() != 200 && created.status() != 201) {
                throw ArmClient.failure("Creating resource group '" + group + "'", created);
            }
        } else if (r.status() != 200) {
            throw ArmClient.failure("Reading resource group '" + group + "'", r);
        }
        readyGroups.add(group);
    }

    /** Polls the deployment's operation until it ends, then returns the deployment. */
    private JsonNode await(String name, String group, String deployment, ArmClient.Response accepted) {
        String operation = accepted.header("Azure-AsyncOperation").orElse(null);
        Duration wait = ArmClient.retryAfter(accepted).orElse(DEFAULT_POLL);
        String status = accepted.body().path("properties").path("provisioningState").asText("Accepted");
        while (!isTerminal(status)) {
            pause(wait);
            ArmClient.Response poll = arm.get(operation != null ? URI.create(operation) : arm.resolve(deployment));
            if (poll.status() != 200) {
                throw ArmClient.failure("Waiting for deployment '" + name + "' in resource group '" + group + "'", poll);
            }
            status = operation != null ? poll.body().path("status").asText("")
                    : poll.body().path("properties").path("provisioningState").asText("");
            wait = ArmClient.retryAfter(poll).orElse(DEFAULT_POLL);
            LOG.debug("[{}] Deployment status {}", name, status);
        }
        ArmClient.Response result = arm.get(arm.resolve(deployment));
        if (result.status() != 200) {
            throw ArmClient.failure("Reading deployment '" + name + "' in resource group '" + group + "'", result);
        }
        String state = result.body().path("properties").path("provisioningState").asText(status);
        if (!"Succeeded".equals(state)) {
            JsonNode error = result.body().path("properties").path("error");
            StringBuilder why = new StringBuilder();
            why.append(error.path("code").asText("")).append(error.has("message") ? ": " + error.path("message").asText() : "");
            for (JsonNode d : error.path("details")) {
                why.append("; ").append(d.path("code").asText("")).append(": ").append(d.path("message").asText(""));
            }
            throw new ArmException("Deployment '" + name + "' in resource group '" + group + "' ended " + state
                    + (why.length() == 0 ? "" : " (" + why + ")") + ". See the deployment in the Azure portal (resource group '"
                    + group + "', Deployments), fix the cause (quota, region, name, permissions), then start the app host again.",
                    200, error.path("code").asText(""));
        }
        return result.body();
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArmException("Interrupted while waiting for an Azure deployment.", 0, "");
        }
    }

    private static boolean isTerminal(String status) {
        return status.equals("Succeeded") || status.equals("Failed") || status.equals("Canceled");
    }

    private static Map<String, String> outputs(JsonNode deployment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : deployment.path("properties").path("outputs").properties()) {
            out.put(e.getKey(), e.getValue().path("value").asText());
        }
        return out;
    }

    private String checksum(Map<String, Object> template, Map<String, Object> parameters, String group) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(JSON.writeValueAsBytes(new TreeMap<>(Map.of("template", template, "parameters", parameters,
                    "subscription", settings.subscriptionId(), "group", group, "location", settings.location()))));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("Cannot compute the deployment checksum", e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The last successful deployment of one resource: checksum, id and outputs, in a JSON file. */
    static final class DeploymentState {
        private final Path file;

        DeploymentState(Path directory, String subscription, String group, String resource) {
            this.file = directory.resolve(subscription).resolve(group.toLowerCase(java.util.Locale.ROOT)).resolve(resource + ".json");
        }

        String checksum() {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            try {
                return JSON.readTree(file.toFile()).path("checksum").asText("");
            } catch (IOException e) {
                LOG.warn("Ignoring unreadable deployment state {}: {}", file, e.toString());
                return "";
            }
        }

        void save(String checksum, String deploymentId, Map<String, String> outputs) {
            try {
                Files.createDirectories(file.toAbsolutePath().resolveSibling("").normalize());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("checksum", checksum);
                m.put("id", deploymentId);
                m.put("outputs", outputs);
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
            } catch (IOException e) {
                LOG.warn("Cannot save the deployment state to {} ({}); the next run deploys again", file, e.toString());
            }
        }
    }
}
