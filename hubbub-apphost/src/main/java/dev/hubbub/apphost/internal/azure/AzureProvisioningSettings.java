package dev.hubbub.apphost.internal.azure;

import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.DistributedApplicationException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Run-mode provisioning settings, Aspire's keys: {@code Azure:SubscriptionId}, {@code Azure:Location},
 * {@code Azure:ResourceGroup} (default {@code rg-hubbub-<host>-<app host>}, then created), {@code Azure:AllowResourceGroupCreation}
 * (default true only for the generated name), {@code Azure:TenantId}. Hubbub's own: {@code Azure:ResourceManagerEndpoint}
 * (default {@code https://management.azure.com/}), {@code Azure:DeploymentStateDirectory} (default
 * {@code ~/.hubbub/azure-deployments}).
 *
 * @param subscriptionId subscription
 * @param location Azure region, e.g. {@code westeurope}
 * @param resourceGroup resource group
 * @param allowResourceGroupCreation whether a missing group may be created
 * @param tenantId tenant for the credential, or null
 * @param resourceManager ARM endpoint
 * @param stateDirectory where deployment checksums and outputs are kept
 */
public record AzureProvisioningSettings(String subscriptionId, String location, String resourceGroup,
        boolean allowResourceGroupCreation, @Nullable String tenantId, URI resourceManager, Path stateDirectory) {

    /** The public cloud's Resource Manager. */
    public static final URI AZURE_PUBLIC_CLOUD = URI.create("https://management.azure.com/");

    /**
     * @param configuration app host configuration
     * @param resourceName the Azure resource needing it (for messages)
     * @param appHostName a name for the app host (part of the generated resource group name)
     * @return the settings
     * @throws DistributedApplicationException naming the missing keys and the alternatives
     */
    public static AzureProvisioningSettings from(Configuration configuration, String resourceName, String appHostName) {
        String subscription = configuration.get("Azure:SubscriptionId").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String location = configuration.get("Azure:Location").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (subscription == null || location == null) {
            throw new DistributedApplicationException("Azure SignalR resource '" + resourceName + "' is provisioned in Azure "
                    + "in run mode, but " + (subscription == null ? "Azure:SubscriptionId" : "Azure:Location") + " is not set. "
                    + "Set Azure__SubscriptionId and Azure__Location (and optionally Azure__ResourceGroup) and sign in "
                    + "(az login), or call runAsEmulator() on it, or use builder.addConnectionString(\"" + resourceName
                    + "\") with ConnectionStrings__" + resourceName + " set.");
        }
        String rg = configuration.get("Azure:ResourceGroup").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        boolean generated = rg == null;
        if (rg == null) {
            String host = System.getenv().getOrDefault("HOSTNAME", "local");
            rg = ("rg-hubbub-" + host + "-" + appHostName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._()-]", "-");
            if (rg.length() > 90) {
                rg = rg.substring(0, 90);
            }
        }
        boolean allowCreation = configuration.get("Azure:AllowResourceGroupCreation")
                .map(v -> parseBoolean("Azure:AllowResourceGroupCreation", v)).orElse(generated);
        String endpoint = configuration.get("Azure:ResourceManagerEndpoint").orElse(AZURE_PUBLIC_CLOUD.toString());
        URI arm;
        try {
            arm = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        } catch (IllegalArgumentException e) {
            throw new DistributedApplicationException("Azure:ResourceManagerEndpoint '" + endpoint + "' is not a URL: use "
                    + "e.g. https://management.azure.com/.", e);
        }
        if (!"https".equals(arm.getScheme()) && !isLoopback(arm)) {
            throw new DistributedApplicationException("Azure:ResourceManagerEndpoint '" + endpoint + "' must use https "
                    + "(plain http is accepted only on loopback, for tests).");
        }
        Path state = configuration.get("Azure:DeploymentStateDirectory").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".hubbub", "azure-deployments"));
        return new AzureProvisioningSettings(subscription, location, rg, allowCreation,
                configuration.get("Azure:TenantId").orElse(null), arm, state);
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new DistributedApplicationException(key + " is '" + value + "': use true or false.");
        };
    }

    /** @return the OAuth scope for tokens: the public cloud's unless the endpoint is another cloud's host */
    public String tokenScope() {
        String host = resourceManager.getHost();
        if (host != null && host.startsWith("management.") && !host.equals("management.azure.com")) {
            return resourceManager.getScheme() + "://" + host + "/.default";
        }
        return "https://management.azure.com/.default";
    }
}
