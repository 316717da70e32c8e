package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.connection.InvalidConnectionStringException;
import dev.hubbub.protocol.connection.JsonConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the SDKs that connect to a SignalR service (the hub server, the management SDK) read their settings,
 * in one documented order, the way a .NET app's {@code IConfiguration} layers them. Keys are written with
 * {@code :} ({@code ConnectionStrings:signalr}); each source is asked in its own spelling. Sources, highest
 * precedence first:
 *
 * <ol>
 *   <li>values given in code ({@link #withOverrides}), in either spelling;
 *   <li>JVM system properties, {@code -DConnectionStrings:signalr=...};
 *   <li>environment variables, with {@code __} for {@code :} ({@code ConnectionStrings__signalr}), as an
 *       Aspire app host injects them;
 *   <li>{@code appsettings.json} in the working directory, nested objects as in .NET, keys compared ignoring
 *       case.
 * </ol>
 *
 * <p>A named connection string is looked up under these keys, in order, the first that any source has
 * winning: {@code ConnectionStrings:<name>}, {@code ConnectionStrings:<portable name>} (Aspire's alias, see
 * {@link #portable}), {@code Azure:SignalR:<name>:ConnectionString}, then {@code Azure:SignalR:ConnectionString}.
 * It is parsed as soon as it is found, into a {@link ConnectionString} whose {@code toString()} masks the access
 * key; errors name the key, never the value. Blank values count as missing. Immutable.
 */
public final class SignalRConfiguration {
  /** The settings file read from the working directory, lowest in precedence. */
  public static final String APP_SETTINGS = "appsettings.json";
  /** The key the Azure SignalR SDKs read when no name is configured. */
  public static final String DEFAULT_KEY = "Azure:SignalR:ConnectionString";

  private final Map<String, String> overrides;
  private final Function<String, @Nullable String> properties;
  private final Function<String, @Nullable String> environment;
  private final Map<String, String> appSettings;

  private SignalRConfiguration(Map<String, String> overrides, Function<String, @Nullable String> properties,
      Function<String, @Nullable String> environment, Map<String, String> appSettings) {
    this.overrides = overrides;
    this.properties = properties;
    this.environment = environment;
    this.appSettings = appSettings;
  }

  /**
   * This process's configuration: system properties, the environment and {@code ./appsettings.json}.
   *
   * @throws IllegalStateException when {@code appsettings.json} exists but cannot be read as JSON
   */
  public static SignalRConfiguration standard() {
    return of(System::getProperty, System::getenv, readAppSettings(Path.of(APP_SETTINGS)));
  }

  /** A configuration over explicit sources (for tests and embedding): properties, environment, settings file. */
  public static SignalRConfiguration of(Function<String, @Nullable String> properties,
      Function<String, @Nullable String> environment, Map<String, String> appSettings) {
    Map<String, String> settings = new LinkedHashMap<>();
    appSettings.forEach((k, v) -> settings.put(k.toLowerCase(Locale.ROOT), v));
    return new SignalRConfiguration(Map.of(), properties, environment, Map.copyOf(settings));
  }

  /**
   * The same configuration with {@code values} on top (a {@code Map} or {@code Properties} with keys such as
   * {@code ConnectionStrings:signalr} or {@code ConnectionStrings__signalr}).
   */
  public SignalRConfiguration withOverrides(Map<?, ?> values) {
    Map<String, String> merged = new LinkedHashMap<>(overrides);
    values.forEach((k, v) -> {
      if (k != null && v != null) {
        merged.put(k.toString().replace("__", ":"), v.toString());
      }
    });
    return new SignalRConfiguration(Map.copyOf(merged), properties, environment, appSettings);
  }

  /** The value of {@code key} ({@code :} spelling) from the highest source that has it, trimmed. */
  public Optional<String> get(String key) {
    return value(overrides.get(key))
        .or(() -> value(properties.apply(key)))
        .or(() -> value(environment.apply(key.replace(":", "__"))))
        .or(() -> value(appSettings.get(key.toLowerCase(Locale.ROOT))));
  }

  /** The value of a setting in the section {@code Azure:SignalR:<name>}, e.g. {@code ConnectionCount}. */
  public Optional<String> section(String name, String setting) {
    return get("Azure:SignalR:" + name + ":" + setting);
  }

  /** The keys tried for the connection string named {@code name}, in order. */
  public static List<String> connectionStringKeys(String name) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("ConnectionStrings:" + name);
    keys.add("ConnectionStrings:" + portable(name));
    keys.add("Azure:SignalR:" + name + ":ConnectionString");
    keys.add(DEFAULT_KEY);
    return new ArrayList<>(keys);
  }

  /**
   * Aspire's portable spelling of a resource name for environment variables: every character outside
   * {@code [A-Za-z0-9_]} becomes {@code _}, runs of {@code _} collapse, a leading digit gets a {@code _} prefix.
   */
  public static String portable(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_");
    return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }

  /**
   * The connection string named {@code name}, parsed, or empty when no source has one.
   *
   * @throws InvalidConnectionStringException when the value found is malformed; the message names the key
   */
  public Optional<ConnectionString> findConnectionString(String name) {
    for (String key : connectionStringKeys(name)) {
      Optional<String> value = get(key);
      if (value.isPresent()) {
        try {
          return Optional.of(ConnectionString.parse(value.get()));
        } catch (InvalidConnectionStringException e) {
          throw new InvalidConnectionStringException("The connection string in '" + key + "' is invalid: "
              + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The connection string named {@code name}, parsed.
   *
   * @throws IllegalStateException naming what to set when no source has one
   * @throws InvalidConnectionStringException when the value found is malformed
   */
  public ConnectionString connectionString(String name) {
    return findConnectionString(name).orElseThrow(() -> new IllegalStateException("Connection string '" + name
        + "' is missing: set the environment variable ConnectionStrings__" + name + " (an Aspire app host does so"
        + " for a project that references the '" + name + "' resource), the system property ConnectionStrings:"
        + name + ", the key Azure:SignalR:" + name + ":ConnectionString or " + DEFAULT_KEY + " (for example in "
        + APP_SETTINGS + "), or pass the connection string in code."));
  }

  /**
   * The flattened keys of a JSON settings file, or none when there is no such file.
   *
   * @throws IllegalStateException when the file exists but is not well-formed JSON (the message names the file)
   */
  public static Map<String, String> readAppSettings(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return JsonConfiguration.flatten(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read settings file '" + file.toAbsolutePath() + "': "
          + e.getMessage() + ". Fix the JSON or remove the file.", e);
    }
  }

  private static Optional<String> value(@Nullable Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String s = value.toString().strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  @Override
  public String toString() {
    return "SignalRConfiguration[" + overrides.size() + " override(s), system properties, environment, "
        + appSettings.size() + " setting(s) from " + APP_SETTINGS + "]";
  }
}
