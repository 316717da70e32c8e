package dev.hubbub.apphost.internal.config;

import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.DistributedApplicationOptions;
import dev.hubbub.protocol.connection.JsonConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Merges the configuration sources in precedence order: JSON file, environment, system properties, arguments. */
public final class ConfigurationLoader {

    private static final Map<String, String> SWITCHES = Map.ofEntries(
            Map.entry("publisher", "Publishing:Publisher"),
            Map.entry("output-path", "Publishing:OutputPath"),
            Map.entry("operation", "AppHost:Operation"),
            Map.entry("output-format", "Publishing:OutputFormat"),
            Map.entry("container-images", "Publishing:ContainerImages"),
            Map.entry("container-registry", "Publishing:ContainerRegistry"),
            Map.entry("container-image-tag", "Publishing:ContainerImageTag"),
            Map.entry("container-base-image", "Publishing:ContainerBaseImage"),
            Map.entry("container-java-runtime", "Publishing:ContainerJavaRuntime"),
            Map.entry("container-app-environment", "Publishing:ContainerAppEnvironment"));

    private ConfigurationLoader() {
    }

    /** @param options the sources @return the merged configuration */
    public static Configuration load(DistributedApplicationOptions options) {
        Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(readJson(options.appSettings()));
        options.environment().forEach((k, v) -> merged.put(k.replace("__", ":"), v));
        options.systemProperties().forEach((k, v) -> merged.put(k.replace("__", ":"), v));
        merged.putAll(parseArgs(options.args()));
        return Configuration.of(merged);
    }

    /**
     * Parses {@code --key value} and {@code --key=value}; {@code --publisher}, {@code --output-path}
     * and {@code --operation} map to their Aspire keys, {@code --output-format} and the {@code --container-*}
     * switches to {@code Publishing:*} keys.
     *
     * @param args command-line arguments
     * @return keys and values
     */
    public static Map<String, String> parseArgs(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new DistributedApplicationException("Unexpected command-line argument '" + arg
                        + "': pass settings as --key value or --key=value.");
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.size()) {
                    throw new DistributedApplicationException("Command-line argument '" + arg
                            + "' has no value: pass " + arg + " <value> or " + arg + "=<value>.");
                }
                key = arg.substring(2);
                value = args.get(++i);
            }
            out.put(SWITCHES.getOrDefault(key.toLowerCase(Locale.ROOT), key.replace("__", ":")), value);
        }
        return out;
    }

    private static Map<String, String> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return JsonConfiguration.flatten(Files.readString(file));
        } catch (IOException e) {
            throw new DistributedApplicationException("Cannot read settings file '" + file.toAbsolutePath()
                    + "': " + e.getMessage() + ". Fix the JSON or remove the file.", e);
        }
    }
}
