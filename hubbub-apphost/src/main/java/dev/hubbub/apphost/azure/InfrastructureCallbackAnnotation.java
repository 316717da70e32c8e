package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.ResourceAnnotation;
import java.util.function.Consumer;

/**
 * A step that edits the resource's infrastructure when Bicep is generated; steps run in the order added.
 *
 * @param callback the step
 */
public record InfrastructureCallbackAnnotation(Consumer<AzureResourceInfrastructure> callback) implements ResourceAnnotation {
}
