package dev.hubbub.apphost.azure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Typed model of a {@code Microsoft.SignalRService/signalR@2024-03-01} resource, edited in
 * {@code configureInfrastructure}. Unset (null) properties are not emitted. Emission order is
 * Azure.Provisioning's: name, location, properties (cors, disableAadAuth, disableLocalAuth,
 * features, tls, publicNetworkAccess), kind, sku (name, tier, capacity), tags.
 */
public final class SignalRService extends ProvisionableResource {

    /** ARM resource type. */
    public static final String RESOURCE_TYPE = "Microsoft.SignalRService/signalR";
    /** Default API version (Azure.Provisioning.SignalR 1.1.0). */
    public static final String DEFAULT_API_VERSION = "2024-03-01";

    private final boolean existing;
    private @Nullable String name;
    private @Nullable ProvisioningParameter nameParameter;
    private @Nullable List<String> corsAllowedOrigins;
    private @Nullable Boolean disableAadAuth;
    private @Nullable Boolean disableLocalAuth;
    private @Nullable List<SignalRFeature> features;
    private @Nullable Boolean clientCertEnabled;
    private @Nullable String publicNetworkAccess;
    private @Nullable String kind;
    private final SignalRResourceSku sku = new SignalRResourceSku();
    private final Map<String, String> tags = new LinkedHashMap<>();

    private SignalRService(String bicepIdentifier, boolean existing) {
        super(bicepIdentifier, RESOURCE_TYPE, DEFAULT_API_VERSION);
        this.existing = existing;
    }

    /** A new service; the name defaults to {@code take('<id>-${uniqueString(resourceGroup().id)}', 63)}. @param bicepIdentifier identifier @return the service */
    public static SignalRService create(String bicepIdentifier) {
        return new SignalRService(bicepIdentifier, false);
    }

    /** A reference to an existing service; only its name is emitted. @param bicepIdentifier identifier @return the service */
    public static SignalRService fromExisting(String bicepIdentifier) {
        return new SignalRService(bicepIdentifier, true);
    }

    @Override
    public boolean isExisting() {
        return existing;
    }

    /** @return the literal name, or null */
    public @Nullable String name() {
        return name;
    }

    /** @param name a literal service name (3-63 characters) */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.nameParameter = null;
    }

    /** @return the parameter holding the name, or null */
    public @Nullable ProvisioningParameter nameParameter() {
        return nameParameter;
    }

    /** @param parameter a module parameter holding the service name */
    public void setName(ProvisioningParameter parameter) {
        this.nameParameter = Objects.requireNonNull(parameter, "parameter");
        this.name = null;
    }

    /** @return the allowed CORS origins, or null when not emitted; the list is mutable */
    public @Nullable List<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /** @param origins allowed CORS origins, or null to omit */
    public void setCorsAllowedOrigins(@Nullable List<String> origins) {
        this.corsAllowedOrigins = origins == null ? null : new ArrayList<>(origins);
    }

    /** @return {@code properties.disableAadAuth}, or null */
    public @Nullable Boolean disableAadAuth() {
        return disableAadAuth;
    }

    /** @param value {@code properties.disableAadAuth}, or null to omit */
    public void setDisableAadAuth(@Nullable Boolean value) {
        this.disableAadAuth = value;
    }

    /** @return {@code properties.disableLocalAuth}, or null */
    public @Nullable Boolean disableLocalAuth() {
        return disableLocalAuth;
    }

    /** @param value {@code properties.disableLocalAuth}, or null to omit */
    public void setDisableLocalAuth(@Nullable Boolean value) {
        this.disableLocalAuth = value;
    }

    /** @return the features, or null when not emitted; the list is mutable */
    public @Nullable List<SignalRFeature> features() {
        return features;
    }

    /** @param features the features, or null to omit */
    public void setFeatures(@Nullable List<SignalRFeature> features) {
        this.features = features == null ? null : new ArrayList<>(features);
    }

    /** @return {@code properties.tls.clientCertEnabled}, or null */
    public @Nullable Boolean clientCertEnabled() {
        return clientCertEnabled;
    }

    /** @param value {@code properties.tls.clientCertEnabled}, or null to omit */
    public void setClientCertEnabled(@Nullable Boolean value) {
        this.clientCertEnabled = value;
    }

    /** @return {@code properties.publicNetworkAccess}, or null */
    public @Nullable String publicNetworkAccess() {
        return publicNetworkAccess;
    }

    /** @param value {@code Enabled} or {@code Disabled}, or null to omit */
    public void setPublicNetworkAccess(@Nullable String value) {
        this.publicNetworkAccess = value;
    }

    /** @return the kind ({@code SignalR} or {@code RawWebSockets}), or null */
    public @Nullable String kind() {
        return kind;
    }

    /** @param kind the kind, or null to omit */
    public void setKind(@Nullable String kind) {
        this.kind = kind;
    }

    /** @return the sku, edited in place */
    public SignalRResourceSku sku() {
        return sku;
    }

    /** @return the tags in insertion order, edited in place */
    public Map<String, String> tags() {
        return tags;
    }

    /** Adds or replaces a tag. @param key tag key @param value tag value */
    public void addTag(String key, String value) {
        tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }
}
