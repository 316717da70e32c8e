package dev.hubbub.server;

import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.serviceconnection.SignalRConfiguration;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link HubServer} connects to a SignalR service in Default mode (the Java counterpart of .NET's
 * {@code ServiceOptions} for {@code AddNamedAzureSignalR(name, o => ...)}).
 *
 * <p>Values come from configuration first, then from code, read through {@link SignalRConfiguration} (the
 * order the management SDK uses too): the connection string from {@code ConnectionStrings:{name}}
 * ({@code ConnectionStrings__{name}} in the environment), its portable alias, {@code
 * Azure:SignalR:{name}:ConnectionString} or {@code Azure:SignalR:ConnectionString}; the other settings from the
 * section
 * {@code Azure:SignalR:{name}} ({@code ServiceMode}, {@code ServerStickyMode}, {@code ConnectionCount} or
 * {@code InitialHubServerConnectionCount}, {@code ApplicationName}, {@code AccessTokenLifetime},
 * {@code ServerId}), as environment variables with {@code __} ({@code Azure__SignalR__signalr__ConnectionCount})
 * or system properties with {@code :}, or in {@code appsettings.json} in the working directory (nested
 * objects, as in .NET: {@code {"Azure":{"SignalR":{"signalr":{"ConnectionCount":5}}}}}). Precedence, highest
 * first: code, system properties, environment variables, {@code appsettings.json}. The connection string is
 * parsed when it is read; {@link #toString()} masks its access key.
 *
 * @param name the connection name ({@code signalr})
 * @param connectionString the service connection string ({@code Endpoint=..;AccessKey=..}), parsed
 * @param serviceMode the service's mode; {@link ServiceMode#SERVERLESS} opens no service connection
 * @param serverStickyMode what the client tokens ask of the service's routing
 * @param connectionCount service WebSockets per hub (default 5)
 * @param accessTokenLifetime lifetime of server and client tokens (default 1 h)
 * @param applicationName prefix of every hub name on the service ({@code app_hub}), or null
 * @param serverId this server's id ({@code X-ASRS-Server-Id}, {@code nameid} of the server token,
 *     {@code asrs.s.sn}); default {@code {hostname}_{guid}}
 * @param reconnectDelays delays before each reconnect attempt, the last repeated (default 1, 2, 4, 8, 16,
 *     32, 60 s)
 * @param reconnectJitter the largest random delay added to each reconnect delay (default 1 s)
 * @param handshakeTimeout how long to wait for the service's handshake response (default 15 s)
 * @param serviceTimeout silence from the service after which a connection is dropped and redialed
 *     (default 30 s)
 * @param keepAliveInterval idle time after which a keep-alive ping is sent to the service (default 5 s)
 * @param ackTimeout how long group operations wait for the service's Ack (default 10 s)
 * @param maxQueuedBytes bytes that may wait to be sent on one service connection; a send past it drops that
 *     connection, which is then redialed (default 64 MiB)
 */
public record AzureSignalROptions(
    String name,
    ConnectionString connectionString,
    ServiceMode serviceMode,
    ServerStickyMode serverStickyMode,
    int connectionCount,
    Duration accessTokenLifetime,
    @Nullable String applicationName,
    String serverId,
    List<Duration> reconnectDelays,
    Duration reconnectJitter,
    Duration handshakeTimeout,
    Duration serviceTimeout,
    Duration keepAliveInterval,
    Duration ackTimeout,
    long maxQueuedBytes) {

  /** The settings file read from the working directory, lowest in precedence. */
  public static final String APP_SETTINGS = SignalRConfiguration.APP_SETTINGS;

  /** The SDK's reconnect backoff: 1, 2, 4, 8, 16, 32 s, then 60 s. */
  public static final List<Duration> DEFAULT_RECONNECT_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32),
      Duration.ofSeconds(60));

  /** Checks the values. */
  public AzureSignalROptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectionString, "connectionString");
    Objects.requireNonNull(serviceMode, "serviceMode");
    Objects.requireNonNull(serverStickyMode, "serverStickyMode");
    if (connectionCount < 1) {
      throw new IllegalArgumentException("connectionCount must be at least 1, was " + connectionCount);
    }
    Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    Objects.requireNonNull(serverId, "serverId");
    reconnectDelays = List.copyOf(reconnectDelays);
    if (reconnectDelays.isEmpty()) {
      throw new IllegalArgumentException("reconnectDelays must not be empty");
    }
    Objects.requireNonNull(reconnectJitter, "reconnectJitter");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(serviceTimeout, "serviceTimeout");
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (maxQueuedBytes <= 0) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive, was " + maxQueuedBytes);
    }
  }

  /** A builder with nothing set; unset values come from configuration or defaults in {@link #resolve}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves the options of connection {@code name} from {@link SignalRConfiguration#standard()} (system
   * properties, the environment, {@code ./appsettings.json}), then applies {@code code}.
   *
   * @throws IllegalStateException when no connection string is configured, or {@code appsettings.json} is
   *     not well-formed JSON
   * @throws dev.hubbub.protocol.connection.InvalidConnectionStringException when the configured connection
   *     string is malformed (the message names the key it came from)
   */
  public static AzureSignalROptions resolve(String name, Consumer<Builder> code) {
    return resolve(name, code, SignalRConfiguration.standard());
  }

  /** {@link #resolve(String, Consumer)} with explicit environment and system properties and no settings file. */
  public static AzureSignalROptions resolve(String name, Consumer<Builder> code,
      Function<String, @Nullable String> environment, Function<String, @Nullable String> properties) {
    return resolve(name, code, SignalRConfiguration.of(properties, environment, Map.of()));
  }

  /**
   * {@link #resolve(String, Consumer)} with explicit configuration sources (for tests).
   *
   * @param appSettings the JSON settings file; a missing file is no settings
   * @throws IllegalStateException when the settings file exists but is not well-formed JSON (the message names
   *     the file and the parser's complaint)
   */
  public static AzureSignalROptions resolve(String name, Consumer<Builder> code,
      Function<String, @Nullable String> environment, Function<String, @Nullable String> properties,
      Path appSettings) {
    return resolve(name, code,
        SignalRConfiguration.of(properties, environment, SignalRConfiguration.readAppSettings(appSettings)));
  }

  /** {@link #resolve(String, Consumer)} over {@code configuration}. */
  public static AzureSignalROptions resolve(String name, Consumer<Builder> code, SignalRConfiguration configuration) {
    Builder b = new Builder();
    configuration.section(name, "ServiceMode").ifPresent(mode -> b.serviceMode = ServiceMode.parse(mode));
    configuration.section(name, "ServerStickyMode")
        .ifPresent(sticky -> b.serverStickyMode = ServerStickyMode.parse(sticky));
    configuration.section(name, "InitialHubServerConnectionCount")
        .or(() -> configuration.section(name, "ConnectionCount")).ifPresent(count -> {
          try {
            b.connectionCount = Integer.parseInt(count);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Azure:SignalR:" + name + ":ConnectionCount is not a number: "
                + count, e);
          }
        });
    configuration.section(name, "ApplicationName").ifPresent(app -> b.applicationName = app);
    configuration.section(name, "ServerId").ifPresent(id -> b.serverId = id);
    configuration.section(name, "AccessTokenLifetime")
        .ifPresent(lifetime -> b.accessTokenLifetime = parseDuration(lifetime));
    code.accept(b);
    if (b.connectionString == null) {
      b.connectionString = configuration.findConnectionString(name).orElseThrow(() -> new IllegalStateException(
          "No connection string for SignalR connection '" + name + "': set the environment variable "
          + "ConnectionStrings__" + name + " (or the system property ConnectionStrings:" + name + ", or "
          + "Azure:SignalR:" + name + ":ConnectionString), or call connectionString(..)"));
    }
    return b.name(name).build();
  }

  /** A .NET TimeSpan ({@code 01:00:00}), an ISO-8601 duration ({@code PT1H}) or whole seconds. */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      return Duration.parse(t);
    }
    String[] parts = t.split(":");
    if (parts.length == 3) {
      return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
          .plusMillis(Math.round(Double.parseDouble(parts[2]) * 1000));
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }

  static String defaultServerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "localhost";
    }
    return host + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Sets {@link AzureSignalROptions}' values; unset ones keep configuration or defaults. */
  public static final class Builder {
    private String name = "signalr";
    private @Nullable ConnectionString connectionString;
    private @Nullable ServiceMode serviceMode;
    private @Nullable ServerStickyMode serverStickyMode;
    private @Nullable Integer connectionCount;
    private @Nullable Duration accessTokenLifetime;
    private @Nullable String applicationName;
    private @Nullable String serverId;
    private List<Duration> reconnectDelays = DEFAULT_RECONNECT_DELAYS;
    private Duration reconnectJitter = Duration.ofSeconds(1);
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private Duration serviceTimeout = Duration.ofSeconds(30);
    private Duration keepAliveInterval = Duration.ofSeconds(5);
    private Duration ackTimeout = Duration.ofSeconds(10);
    private long maxQueuedBytes = 64L * 1024 * 1024;

    private Builder() {}

    /** The connection name (default {@code signalr}). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The connection string, instead of the configured one; parsed now.
     *
     * @throws dev.hubbub.protocol.connection.InvalidConnectionStringException when it is malformed
     */
    public Builder connectionString(String connectionString) {
      return connectionString(ConnectionString.parse(Objects.requireNonNull(connectionString, "connectionString")));
    }

    /** The connection string, instead of the configured one. */
    public Builder connectionString(ConnectionString connectionString) {
      this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
      return this;
    }

    /** The service mode (default {@link ServiceMode#DEFAULT}). */
    public Builder serviceMode(ServiceMode serviceMode) {
      this.serviceMode = Objects.requireNonNull(serviceMode, "serviceMode");
      return this;
    }

    /** The sticky mode (default {@link ServerStickyMode#DISABLED}). */
    public Builder serverStickyMode(ServerStickyMode serverStickyMode) {
      this.serverStickyMode = Objects.requireNonNull(serverStickyMode, "serverStickyMode");
      return this;
    }

    /** Service WebSockets per hub (default 5). */
    public Builder connectionCount(int connectionCount) {
      this.connectionCount = connectionCount;
      return this;
    }

    /** Lifetime of issued tokens (default 1 h). */
    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /** The application-name prefix of hub names on the service. */
    public Builder applicationName(@Nullable String applicationName) {
      this.applicationName = applicationName;
      return this;
    }

    /** This server's id (default {@code {hostname}_{guid}}). */
    public Builder serverId(String serverId) {
      this.serverId = Objects.requireNonNull(serverId, "serverId");
      return this;
    }

    /** Reconnect delays, the last one repeated (default 1, 2, 4, 8, 16, 32, 60 s). */
    public Builder reconnectDelays(List<Duration> delays) {
      this.reconnectDelays = List.copyOf(delays);
      return this;
    }

    /** The largest random delay added to each reconnect delay (default 1 s; zero for none). */
    public Builder reconnectJitter(Duration jitter) {
      this.reconnectJitter = Objects.requireNonNull(jitter, "jitter");
      return this;
    }

    /** How long to wait for the service's handshake response (default 15 s). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Silence from the service after which a connection is redialed (default 30 s). */
    public Builder serviceTimeout(Duration timeout) {
      this.serviceTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Idle time after which a keep-alive ping goes to the service (default 5 s). */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How long group operations wait for the service's Ack (default 10 s). */
    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Bytes that may wait to be sent on one service connection before it is dropped (default 64 MiB). */
    public Builder maxQueuedBytes(long bytes) {
      this.maxQueuedBytes = bytes;
      return this;
    }

    /**
     * Builds the options as set, with defaults for unset values.
     *
     * @throws IllegalStateException when no connection string was set
     */
    public AzureSignalROptions build() {
      ConnectionString cs = connectionString;
      if (cs == null) {
        throw new IllegalStateException("No connection string: call connectionString(..) or use resolve(..)");
      }
      return new AzureSignalROptions(name, cs,
          serviceMode == null ? ServiceMode.DEFAULT : serviceMode,
          serverStickyMode == null ? ServerStickyMode.DISABLED : serverStickyMode,
          connectionCount == null ? 5 : connectionCount,
          accessTokenLifetime == null ? Duration.ofHours(1) : accessTokenLifetime,
          applicationName == null || applicationName.isBlank() ? null : applicationName,
          serverId == null ? defaultServerId() : serverId,
          reconnectDelays, reconnectJitter, handshakeTimeout, serviceTimeout, keepAliveInterval, ackTimeout,
          maxQueuedBytes);
    }
  }
}
