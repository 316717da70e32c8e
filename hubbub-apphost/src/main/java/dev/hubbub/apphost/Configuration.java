package dev.hubbub.apphost;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The app host's configuration: an immutable, case-insensitive key/value view with
 * {@code :}-separated keys ({@code ConnectionStrings:signalr}, {@code Parameters:x}). Merged from,
 * lowest to highest precedence: {@code appsettings.json}, environment variables ({@code __} read
 * as {@code :}), Java system properties, command-line arguments.
 */
public final class Configuration {

    private final Map<String, String> values;

    private Configuration(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        this.values = Collections.unmodifiableMap(copy);
    }

    /**
     * A configuration holding exactly these values (later sources are merged by the caller).
     *
     * @param values keys with {@code :} separators
     * @return the configuration
     */
    public static Configuration of(Map<String, String> values) {
        return new Configuration(values);
    }

    /** @param key a key such as {@code Parameters:name} (case-insensitive) @return the value, if set */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @param name connection name @return the value of {@code ConnectionStrings:<name>}, if set */
    public Optional<String> getConnectionString(String name) {
        return get("ConnectionStrings:" + name);
    }

    /** @return every key and value, sorted case-insensitively */
    public Map<String, String> asMap() {
        return values;
    }

    /** Secrets may hide anywhere in configuration, so only the keys are shown. */
    @Override
    public String toString() {
        return "Configuration" + values.keySet();
    }
}
