package dev.hubbub.spring.boot.internal;

import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.connection.InvalidConnectionStringException;
import dev.hubbub.serviceconnection.SignalRConfiguration;
import dev.hubbub.spring.boot.HubbubConfigurationException;
import dev.hubbub.spring.boot.HubbubSignalRProperties;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The SignalR connection string the application is configured with, and where it came from (the property to name
 * when it is wrong); {@code value} null when none is configured.
 */
public record SignalRConnection(@Nullable ConnectionString value, String source) {

  /** Whether a connection string is configured (or was made by the dev service). */
  public boolean present() {
    return value != null;
  }

  /**
   * Reads the connection string: {@code hubbub.signalr.connection-string}, then {@code connectionstrings.<name>}
   * from Spring's environment (relaxed binding: also {@code CONNECTIONSTRINGS_SIGNALR}), then Aspire's
   * {@code ConnectionStrings__<name>} from Spring's environment, then the keys the hub server reads from the system
   * properties and the process environment ({@code ConnectionStrings:<name>}, {@code Azure:SignalR:<name>:
   * ConnectionString}, ...).
   *
   * @throws HubbubConfigurationException when the value found is malformed
   */
  public static SignalRConnection resolve(HubbubSignalRProperties properties, Environment environment) {
    String name = properties.getConnectionName();
    String own = properties.getConnectionString();
    if (own != null && !own.isBlank()) {
      return parse(own, "hubbub.signalr.connection-string");
    }
    String springKey = "connectionstrings." + name.toLowerCase(java.util.Locale.ROOT);
    String spring = environment.getProperty(springKey);
    if (spring == null) {
      spring = environment.getProperty("ConnectionStrings." + name);
    }
    if (spring != null && !spring.isBlank()) {
      return parse(spring, springKey);
    }
    // Aspire's own spelling, which relaxed binding does not map (it knows CONNECTIONSTRINGS_SIGNALR, not the double
    // underscore): looked up by its exact name in Spring's environment, so a test's property source works too.
    String aspireKey = "ConnectionStrings__" + SignalRConfiguration.portable(name);
    String aspire = environment.getProperty(aspireKey);
    if (aspire != null && !aspire.isBlank()) {
      return parse(aspire, aspireKey + " (environment)");
    }
    SignalRConfiguration standard = SignalRConfiguration.of(System::getProperty, System::getenv, Map.of());
    for (String key : SignalRConfiguration.connectionStringKeys(name)) {
      String value = standard.get(key).orElse(null);
      if (value != null) {
        return parse(value, key.replace(":", "__"));
      }
    }
    return new SignalRConnection(null, "connectionstrings." + name);
  }

  private static SignalRConnection parse(String text, String source) {
    try {
      return new SignalRConnection(ConnectionString.parse(text), source);
    } catch (InvalidConnectionStringException e) {
      throw new HubbubConfigurationException(source, "the SignalR connection string is malformed: "
          + e.getMessage(), "give a connection string of the form "
          + "'Endpoint=https://<name>.service.signalr.net;AccessKey=<key>;Version=1.0;' (or "
          + "'Endpoint=http://localhost:8888;AccessKey=...;Version=1.0;' for the emulator), or remove it to "
          + "self-host the hubs", e);
    }
  }
}
