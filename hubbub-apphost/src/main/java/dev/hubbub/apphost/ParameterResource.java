package dev.hubbub.apphost;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An external value read from configuration key {@code Parameters:<name>} (or a default). In the
 * manifest a {@code parameter.v0}; as a value, {@code {name.value}}.
 */
public class ParameterResource extends ResourceBase implements ValueProvider {

    private final Configuration configuration;
    private final String configurationKey;
    private final boolean secret;
    private final @Nullable Supplier<String> defaultValue;
    private final boolean publishValueAsDefault;

    /**
     * @param name resource name
     * @param configuration where the value is read from
     * @param configurationKey configuration key, e.g. {@code Parameters:name}
     * @param secret whether the value is secret
     * @param defaultValue default when configuration has no value, or null
     */
    public ParameterResource(String name, Configuration configuration, String configurationKey, boolean secret,
            @Nullable Supplier<String> defaultValue) {
        this(name, configuration, configurationKey, secret, defaultValue, false);
    }

    /**
     * @param name resource name
     * @param configuration where the value is read from
     * @param configurationKey configuration key, e.g. {@code Parameters:name}
     * @param secret whether the value is secret
     * @param defaultValue default when configuration has no value, or null
     * @param publishValueAsDefault whether the manifest carries the default ({@code "default": {"value": ...}})
     * @throws IllegalArgumentException if a secret would be published
     */
    public ParameterResource(String name, Configuration configuration, String configurationKey, boolean secret,
            @Nullable Supplier<String> defaultValue, boolean publishValueAsDefault) {
        super(name);
        if (secret && publishValueAsDefault) {
            throw new IllegalArgumentException("Parameter '" + name + "' is secret, so its value cannot be published as "
                    + "the manifest default: pass publishValueAsDefault=false or secret=false.");
        }
        if (publishValueAsDefault && defaultValue == null) {
            throw new IllegalArgumentException("Parameter '" + name + "' has no default value to publish.");
        }
        this.publishValueAsDefault = publishValueAsDefault;
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.configurationKey = configurationKey;
        this.secret = secret;
        this.defaultValue = defaultValue;
    }

    /** @return the configuration key the value comes from */
    public String configurationKey() {
        return configurationKey;
    }

    /** @return whether the value is secret (masked in logs, {@code "secret": true} in the manifest) */
    public boolean secret() {
        return secret;
    }

    /** @return the default value supplier, or null */
    public @Nullable Supplier<String> defaultValue() {
        return defaultValue;
    }

    /** @return whether the manifest carries the default value */
    public boolean publishValueAsDefault() {
        return publishValueAsDefault;
    }

    @Override
    public String valueExpression() {
        return "{" + name() + ".value}";
    }

    /**
     * The value from configuration, else the default.
     *
     * @throws MissingParameterValueException if neither exists
     */
    @Override
    public String value() {
        String v = configuration.get(configurationKey).orElse(null);
        if (v != null) {
            return v;
        }
        if (defaultValue != null) {
            return defaultValue.get();
        }
        throw missing();
    }

    /** @return the exception thrown when the value is missing */
    protected MissingParameterValueException missing() {
        return new MissingParameterValueException("Parameter resource could not be used because configuration key '"
                + configurationKey + "' is missing and the Parameter has no default value. Set the environment variable '"
                + configurationKey.replace(":", "__") + "' or pass --" + configurationKey + " <value>.");
    }
}
