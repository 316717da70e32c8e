package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.ResourceAnnotation;
import dev.hubbub.apphost.ValueProvider;
import org.jspecify.annotations.Nullable;

/**
 * The Azure resource already exists: reference it by name (and resource group) instead of creating it.
 *
 * @param name the name: a parameter or a literal
 * @param resourceGroup the resource group, or null for the deployment's
 */
public record ExistingAzureResourceAnnotation(ValueProvider name, @Nullable ValueProvider resourceGroup)
        implements ResourceAnnotation {
}
