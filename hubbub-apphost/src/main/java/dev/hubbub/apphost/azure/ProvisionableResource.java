package dev.hubbub.apphost.azure;

import java.util.Objects;

/** An Azure resource declared in a Bicep module ({@code resource <id> '<type>@<version>' = {...}}). */
public abstract class ProvisionableResource {

    private final String bicepIdentifier;
    private final String resourceType;
    private final String apiVersion;

    /**
     * @param bicepIdentifier identifier in the module
     * @param resourceType e.g. {@code Microsoft.SignalRService/signalR}
     * @param apiVersion e.g. {@code 2024-03-01}
     */
    protected ProvisionableResource(String bicepIdentifier, String resourceType, String apiVersion) {
        this.bicepIdentifier = Objects.requireNonNull(bicepIdentifier, "bicepIdentifier");
        this.resourceType = resourceType;
        this.apiVersion = apiVersion;
    }

    /** @return the identifier in the Bicep module */
    public String bicepIdentifier() {
        return bicepIdentifier;
    }

    /** @return the ARM resource type */
    public String resourceType() {
        return resourceType;
    }

    /** @return the ARM API version */
    public String apiVersion() {
        return apiVersion;
    }

    /** @return true if this declares an {@code existing} resource (only its name is emitted) */
    public boolean isExisting() {
        return false;
    }
}
