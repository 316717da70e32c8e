package dev.hubbub.apphost.azure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The contents of one Bicep module while it is being configured: parameters, resources and
 * outputs in creation order. {@code configureInfrastructure} callbacks edit it; the publisher
 * turns it into Bicep text.
 */
public final class AzureResourceInfrastructure {

    private final AzureSignalRResource aspireResource;
    private final String bicepIdentifier;
    private final AzureOutputFormat format;
    private final List<ProvisioningParameter> parameters = new ArrayList<>();
    private final List<ProvisionableResource> resources = new ArrayList<>();
    private final List<ProvisioningOutput> outputs = new ArrayList<>();

    /**
     * @param aspireResource the Aspire resource the module provisions
     * @param bicepIdentifier normalized identifier for the main resource
     */
    public AzureResourceInfrastructure(AzureSignalRResource aspireResource, String bicepIdentifier) {
        this(aspireResource, bicepIdentifier, AzureOutputFormat.ASPIRE_9_1);
    }

    /**
     * @param aspireResource the Aspire resource the module provisions
     * @param bicepIdentifier normalized identifier for the main resource
     * @param format the Aspire release whose defaults apply
     */
    public AzureResourceInfrastructure(AzureSignalRResource aspireResource, String bicepIdentifier, AzureOutputFormat format) {
        this.aspireResource = Objects.requireNonNull(aspireResource, "aspireResource");
        this.bicepIdentifier = bicepIdentifier;
        this.format = Objects.requireNonNull(format, "format");
    }

    /** @return the Aspire release whose defaults and layout this module follows */
    public AzureOutputFormat format() {
        return format;
    }

    /** @return the Aspire resource being provisioned */
    public AzureSignalRResource aspireResource() {
        return aspireResource;
    }

    /** @return the normalized Bicep identifier of the Aspire resource */
    public String bicepIdentifier() {
        return bicepIdentifier;
    }

    /** @return the resources, in order (read-only view) */
    public List<ProvisionableResource> getProvisionableResources() {
        return Collections.unmodifiableList(resources);
    }

    /** @return the parameters other than {@code location}, in order (read-only view) */
    public List<ProvisioningParameter> getParameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** @return the outputs, in order (read-only view) */
    public List<ProvisioningOutput> getOutputs() {
        return Collections.unmodifiableList(outputs);
    }

    /**
     * The only resource of a type, like {@code resources.OfType<T>().Single()}.
     *
     * @param type resource type
     * @param <T> resource type
     * @return the resource
     * @throws IllegalStateException if there is none or more than one
     */
    public <T extends ProvisionableResource> T single(Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("Expected exactly one " + type.getSimpleName() + " in the infrastructure of '"
                    + aspireResource.name() + "' but found " + found.size() + ".");
        }
        return found.get(0);
    }

    /** @param resource a resource to declare @return the resource */
    public <T extends ProvisionableResource> T add(T resource) {
        resources.add(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    /** @param parameter a parameter to declare (same name twice is declared once) @return the parameter */
    public ProvisioningParameter add(ProvisioningParameter parameter) {
        if (parameters.stream().noneMatch(p -> p.name().equals(parameter.name()))) {
            parameters.add(parameter);
        }
        return parameter;
    }

    /** @param output an output to declare @return the output */
    public ProvisioningOutput add(ProvisioningOutput output) {
        outputs.add(Objects.requireNonNull(output, "output"));
        return output;
    }
}
