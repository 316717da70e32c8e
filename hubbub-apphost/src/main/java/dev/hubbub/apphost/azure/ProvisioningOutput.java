package dev.hubbub.apphost.azure;

import java.util.Objects;

/**
 * A Bicep module output: {@code output <name> string = <resource>.<propertyPath>}.
 *
 * @param name output name, e.g. {@code hostName}
 * @param resource the resource the value comes from
 * @param propertyPath dotted path on the resource, e.g. {@code properties.hostName}
 */
public record ProvisioningOutput(String name, ProvisionableResource resource, String propertyPath) {
    /** Validates. */
    public ProvisioningOutput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(propertyPath, "propertyPath");
    }
}
