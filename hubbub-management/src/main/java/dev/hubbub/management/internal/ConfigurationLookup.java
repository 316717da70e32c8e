package dev.hubbub.management.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Finds a named SignalR connection string the way Aspire hands it to an app. Keys, in order:
 * {@code ConnectionStrings:{name}}, {@code ConnectionStrings:{portable name}} (Aspire 13.6's alias: every
 * character outside {@code [A-Za-z0-9_]} becomes {@code _}, runs of {@code _} collapse, a leading digit gets
 * a {@code _} prefix), then {@code Azure:SignalR:ConnectionString}. For each key the sources are asked in
 * order: the environment (with {@code :} written {@code __}), the given configuration map (either spelling),
 * then the JVM system properties. Blank values count as missing.
 */
public final class ConfigurationLookup {
  /** The key the Azure SignalR SDKs read when no name is configured. */
  public static final String DEFAULT_KEY = "Azure:SignalR:ConnectionString";

  private final Map<String, String> environment;
  private final Map<?, ?> configuration;
  private final Properties systemProperties;

  /** A lookup over these three sources. */
  public ConfigurationLookup(Map<String, String> environment, Map<?, ?> configuration, Properties systemProperties) {
    this.environment = environment;
    this.configuration = configuration;
    this.systemProperties = systemProperties;
  }

  /** The keys tried for {@code name}, in order, in their {@code :} spelling. */
  public static List<String> keys(String name) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("ConnectionStrings:" + name);
    keys.add("ConnectionStrings:" + portable(name));
    keys.add(DEFAULT_KEY);
    return new ArrayList<>(keys);
  }

  /** Aspire's portable spelling of a resource name for environment variables. */
  public static String portable(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_");
    return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }

  /** The connection string for {@code name}, or empty when no source has it. */
  public Optional<String> find(String name) {
    for (String key : keys(name)) {
      String env = key.replace(":", "__");
      Optional<String> value = value(environment.get(env))
          .or(() -> value(configuration.get(key)))
          .or(() -> value(configuration.get(env)))
          .or(() -> value(systemProperties.getProperty(key)));
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  /**
   * The connection string for {@code name}.
   *
   * @throws IllegalStateException naming the variable to set when no source has it
   */
  public String require(String name) {
    return find(name).orElseThrow(() -> new IllegalStateException("Connection string '" + name
        + "' is missing: set the environment variable ConnectionStrings__" + name
        + " (an Aspire app host does so for a project that references the '" + name + "' resource), or the"
        + " configuration key ConnectionStrings:" + name + " or " + DEFAULT_KEY + "."));
  }

  private static Optional<String> value(@org.jspecify.annotations.Nullable Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String s = value.toString().strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
