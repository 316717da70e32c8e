package dev.hubbub.apphost;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the app host reads its configuration from. {@link #DEFAULTS} uses the process's
 * environment, system properties and {@code appsettings.json} in the working directory; tests
 * replace any of them.
 *
 * @param args command-line arguments
 * @param environment environment variables
 * @param systemProperties Java system properties
 * @param appSettings path of the JSON settings file (read if it exists)
 */
public record DistributedApplicationOptions(List<String> args, Map<String, String> environment,
        Map<String, String> systemProperties, Path appSettings) {

    /** The process's environment and system properties, {@code ./appsettings.json}, no arguments. */
    public static final DistributedApplicationOptions DEFAULTS = new DistributedApplicationOptions(
            List.of(), System.getenv(), snapshot(System.getProperties()), Path.of("appsettings.json"));

    /** Copies the collections. */
    public DistributedApplicationOptions {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
        Objects.requireNonNull(appSettings, "appSettings");
    }

    /** @param newArgs command-line arguments @return a copy with these arguments */
    public DistributedApplicationOptions withArgs(String... newArgs) {
        return new DistributedApplicationOptions(List.of(newArgs), environment, systemProperties, appSettings);
    }

    /** @param newEnvironment environment variables @return a copy with this environment */
    public DistributedApplicationOptions withEnvironment(Map<String, String> newEnvironment) {
        return new DistributedApplicationOptions(args, newEnvironment, systemProperties, appSettings);
    }

    /** @param newSystemProperties system properties @return a copy with these properties */
    public DistributedApplicationOptions withSystemProperties(Map<String, String> newSystemProperties) {
        return new DistributedApplicationOptions(args, environment, newSystemProperties, appSettings);
    }

    /** @param path settings file @return a copy reading this file */
    public DistributedApplicationOptions withAppSettings(Path path) {
        return new DistributedApplicationOptions(args, environment, systemProperties, path);
    }

    private static Map<String, String> snapshot(Properties properties) {
        java.util.HashMap<String, String> map = new java.util.HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            map.put(key, properties.getProperty(key));
        }
        return map;
    }

    @Override
    public String toString() {
        return "DistributedApplicationOptions[args=" + args.size() + " items, environment=" + environment.size()
                + " vars, systemProperties=" + systemProperties.size() + " keys, appSettings=" + appSettings + "]";
    }
}
