package dev.hubbub.server.redis;

import dev.hubbub.server.redis.internal.RedisConnectionString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link RedisBackplane}.
 *
 * @param uri where Redis is, {@code redis://[[user]:password@]host[:port][/database]} ({@code rediss://} for TLS);
 *     the password never appears in {@link #toString()}, logs or error messages
 * @param channelPrefix put before every channel name, as StackExchange.Redis's {@code ChannelPrefix} (empty by
 *     default); set it when several apps share one Redis, to the same value as their .NET servers
 * @param hubNames the hub's name on the wire, by Java hub class name; a hub not listed is named after its class's
 *     fully qualified name, as ASP.NET Core names it after its hub type. Set it to the .NET hub's full type name to
 *     share one Redis with .NET servers
 * @param ackTimeout how long a group change for a connection on another server waits for that server's
 *     acknowledgement (5 s; ASP.NET Core waits 30 s)
 * @param ownerCheckInterval how often a client result waiting on another server's connection checks that the
 *     connection is still subscribed somewhere; two failed checks in a row fail the result (1 s, so a dead owner is
 *     noticed within about 2 s)
 * @param commandTimeout how long one Redis command (publish, subscribe) may take before it fails (2 s)
 * @param serverName this server's name on the wire ({@code internal:ack:<serverName>}); by default
 *     {@code <host name>_<random hex>}, new on each start as ASP.NET Core makes it
 */
public record RedisBackplaneOptions(String uri, String channelPrefix, Map<String, String> hubNames,
    Duration ackTimeout, Duration ownerCheckInterval, Duration commandTimeout, String serverName) {
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^@/]*@");

  public RedisBackplaneOptions {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
      // Not quoted: this may be a connection string of the other form, with its password anywhere in it.
      throw new IllegalArgumentException("The Redis URI must start with redis:// or rediss://, e.g. "
          + "redis://127.0.0.1:6379 (host:port,password=... is a connection string: fromConnectionString takes it)");
    }
    // Checked here, with messages that never quote what could be a password, rather than by Lettuce at start-up.
    RedisConnectionString.parse(uri);
    Objects.requireNonNull(channelPrefix, "channelPrefix");
    hubNames = Map.copyOf(hubNames);
    positive("ackTimeout", ackTimeout);
    positive("ownerCheckInterval", ownerCheckInterval);
    positive("commandTimeout", commandTimeout);
    if (serverName.isEmpty()) {
      throw new IllegalArgumentException("serverName must not be empty");
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** Options for Redis at {@code uri} with every other setting at its default. */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  /**
   * Options for the Redis that a connection string names, every other setting at its default: what a hub server
   * started by an app host uses, with {@code System.getenv("ConnectionStrings__cache")} for
   * {@code builder.addRedis("cache")}. Accepts Aspire's (StackExchange.Redis's) form
   * {@code host:port,password=...[,ssl=true][,defaultDatabase=N][,channelPrefix=P]} and {@code redis://} or
   * {@code rediss://} URIs. StackExchange.Redis's client tuning options ({@code abortConnect},
   * {@code connectTimeout}, ...) are ignored; any other option is rejected unless {@code ignoreUnknown=true}. A
   * {@code channelPrefix} option becomes {@link #channelPrefix()}. Change other settings with
   * {@code fromConnectionString(cs).toBuilder()}.
   *
   * @param connectionString the connection string
   * @return the options
   * @throws IllegalArgumentException when it is empty or malformed; the message never holds the password
   */
  public static RedisBackplaneOptions fromConnectionString(String connectionString) {
    RedisConnectionString parsed = RedisConnectionString.parse(connectionString);
    return builder(parsed.uri()).channelPrefix(parsed.channelPrefix()).build();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder(uri);
    b.channelPrefix = channelPrefix;
    b.hubNames.putAll(hubNames);
    b.ackTimeout = ackTimeout;
    b.ownerCheckInterval = ownerCheckInterval;
    b.commandTimeout = commandTimeout;
    b.serverName = serverName;
    return b;
  }

  /** The hub's name on the wire: the configured one, else {@code typeName}. */
  public String hubName(String typeName) {
    return hubNames.getOrDefault(typeName, typeName);
  }

  /** {@link #uri} with any user and password replaced by {@code ***}. */
  public String maskedUri() {
    return USER_INFO.matcher(uri).replaceFirst("***@").replaceAll("(?i)(password\\s*=)[^,;]*", "$1***");
  }

  @Override
  public String toString() {
    return "RedisBackplaneOptions[uri=" + maskedUri() + ", channelPrefix=" + channelPrefix + ", hubNames=" + hubNames
        + ", ackTimeout=" + ackTimeout + ", ownerCheckInterval=" + ownerCheckInterval + ", commandTimeout="
        + commandTimeout + ", serverName=" + serverName + "]";
  }

  static String defaultServerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Builds {@link RedisBackplaneOptions}. */
  public static final class Builder {
    private String uri;
    private String channelPrefix = "";
    private final Map<String, String> hubNames = new LinkedHashMap<>();
    private Duration ackTimeout = Duration.ofSeconds(5);
    private Duration ownerCheckInterval = Duration.ofSeconds(1);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private @Nullable String serverName;

    private Builder(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** Where Redis is. */
    public Builder uri(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** Put before every channel name (StackExchange.Redis's {@code ChannelPrefix}). */
    public Builder channelPrefix(String prefix) {
      this.channelPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The name of hub class {@code hubClass} on the wire, e.g. the .NET hub's {@code MyApp.Hubs.ChatHub}. */
    public Builder hubName(Class<?> hubClass, String wireName) {
      return hubName(hubClass.getName(), wireName);
    }

    /** The name on the wire of the hub whose Java class is named {@code typeName}. */
    public Builder hubName(String typeName, String wireName) {
      if (wireName.isEmpty()) {
        throw new IllegalArgumentException("The wire name of hub " + typeName + " must not be empty");
      }
      hubNames.put(typeName, wireName);
      return this;
    }

    /** How long a group change for a connection on another server waits for its acknowledgement. */
    public Builder ackTimeout(Duration timeout) {
      this.ackTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How often a pending client result checks that its connection's server is still there. */
    public Builder ownerCheckInterval(Duration interval) {
      this.ownerCheckInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How long one Redis command may take. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** This server's name on the wire (default: host name and random hex). */
    public Builder serverName(String name) {
      this.serverName = Objects.requireNonNull(name, "name");
      return this;
    }

    public RedisBackplaneOptions build() {
      String name = serverName;
      return new RedisBackplaneOptions(uri, channelPrefix, hubNames, ackTimeout, ownerCheckInterval, commandTimeout,
          name != null ? name : defaultServerName());
    }
  }
}
