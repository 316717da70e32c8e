package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.ValueProvider;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Bicep module parameter ({@code param <name> string}). {@code manifestValue} is what the
 * manifest passes for it; null writes {@code ""} (filled in by the deployment tool, e.g. principals).
 */
public final class ProvisioningParameter {

    private final String name;
    private final @Nullable ValueProvider manifestValue;

    /**
     * @param name Bicep parameter name (already a valid identifier)
     * @param manifestValue value bound in the manifest, or null for {@code ""}
     */
    public ProvisioningParameter(String name, @Nullable ValueProvider manifestValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.manifestValue = manifestValue;
    }

    /** @return the parameter name */
    public String name() {
        return name;
    }

    /** @return the manifest value, or null for {@code ""} */
    public @Nullable ValueProvider manifestValue() {
        return manifestValue;
    }
}
