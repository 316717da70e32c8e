package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.ValueProvider;

/**
 * An output of an Azure resource's module: {@code {<resource>.outputs.<name>}} in the manifest,
 * the provisioned value in run mode.
 *
 * @param name output name
 * @param resource the Azure resource
 */
public record BicepOutputReference(String name, AzureSignalRResource resource) implements ValueProvider {

    @Override
    public String valueExpression() {
        return "{" + resource.name() + ".outputs." + name + "}";
    }

    @Override
    public String value() {
        String v = resource.outputs().get(name);
        if (v == null) {
            throw new DistributedApplicationException("No output for " + name + " on resource " + resource.name()
                    + ": it is not provisioned yet. Make the resource that needs it waitFor(" + resource.name() + ").");
        }
        return v;
    }
}
