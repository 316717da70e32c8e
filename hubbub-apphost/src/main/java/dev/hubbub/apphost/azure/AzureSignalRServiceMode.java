package dev.hubbub.apphost.azure;

/** The service mode written to the {@code ServiceMode} feature flag. */
public enum AzureSignalRServiceMode {
    /** Hub servers connect to the service (Bicep value {@code Default}). */
    DEFAULT("Default"),
    /** No hub server; apps use the REST API and upstreams (Bicep value {@code Serverless}). */
    SERVERLESS("Serverless");

    private final String bicepValue;

    AzureSignalRServiceMode(String bicepValue) {
        this.bicepValue = bicepValue;
    }

    /** @return the feature value as Azure spells it */
    public String bicepValue() {
        return bicepValue;
    }
}
