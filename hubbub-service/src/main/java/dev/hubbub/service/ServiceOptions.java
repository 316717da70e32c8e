package dev.hubbub.service;

import dev.hubbub.service.upstream.UpstreamSettings;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import dev.hubbub.service.spi.ServiceBackplane;
import dev.hubbub.service.spi.ServiceBackplaneProvider;
import dev.hubbub.service.spi.ServiceLifetimeManagerFactory;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link HubbubService} runs. Immutable; start from {@link #DEFAULTS} or {@link #builder()}.
 *
 * @param host the address to listen on; null listens on IPv4 loopback only ({@code 127.0.0.1}), as the official
 *     emulator listens on loopback without {@code --ip}
 * @param port the port; 0 picks a free one (read it back from the running service)
 * @param accessKey the key that signs and verifies access tokens; the emulator's well-known key by default
 * @param mode serverless by default, as the official emulator
 * @param upstreamSettingsFile a {@code settings.json} that is watched and reloaded; null for none
 * @param upstreamSettings the upstream settings used when there is no file
 * @param maxClientMessageSize the largest hub message a client may send, in bytes (SignalR's default: 32 KB);
 *     a larger one closes that client with an error naming the limit
 * @param maxOutboundQueueBytes bytes queued for one client before it counts as a slow consumer and is closed
 *     with a reason. An app server connection (Default mode) is not closed at this bound: once a quarter of it
 *     is queued for the server, the clients that send to it are paused until a sixteenth is left, and the
 *     server connection is closed only past eight times it
 * @param maxConnections client connections the service accepts; negotiate answers 503 past it
 * @param maxRestBodySize the largest REST request body, in bytes (Azure SignalR's limit: 1 MB); a larger one
 *     is answered 413
 * @param keepAliveInterval how often a Ping goes to an idle client
 * @param clientTimeout how long a client may stay silent (after its first Ping) before it is dropped
 * @param handshakeTimeout how long a new connection has to send its handshake
 * @param upstreamTimeout how long an upstream webhook may take to answer
 * @param serverKeepAliveInterval how often a Ping ({@code [3]}) goes to a quiet app server connection (Default
 *     mode; 5 s, well inside the server SDK's 30 s timeout)
 * @param serverTimeout how long an app server connection may stay silent before it is dropped (30 s; the SDK
 *     pings every 5 s)
 * @param openTelemetry where spans and metrics go; null (the default) uses {@link GlobalOpenTelemetry#get()}
 *     when the service starts, a no-op unless an OpenTelemetry SDK is installed
 * @param lifetimeManagers makes each hub's lifetime manager from the in-process one (a backplane, a decorator);
 *     null (the default) keeps the in-process ones
 * @param liveTrace gets the live trace (connections, messages, REST and upstream calls, server connections);
 *     null (the default) builds no events
 * @param backplane joins this node to others (several nodes over Redis with {@code hubbub-service-redis}); null
 *     (the default) runs alone. Takes the place of {@code lifetimeManagers}: setting both is refused
 * @param maxInvocationsPerSecond invocations one client connection may send per second; past it the client is
 *     closed with a reason naming the limit, as Azure SignalR's Application Firewall throttles. 0 (default): none
 * @param maxInvocationsPerSecondPerIp the same for all client connections from one IP address to one hub; 0: none
 * @param maxNegotiationsPerSecondPerIp negotiations (and WebSockets without negotiate) one IP address may start per
 *     second; past it they are answered 429 with {@code Retry-After: 1}. 0 (default): none
 * @param backlogBytes bytes queued for one connection (a client's, or an app server's in Default mode) past which
 *     it counts as backlogged: {@link HubbubService#backloggedConnections()} and the gauge
 *     {@code signalr.service.connections.backlogged}. 64 KiB by default (Netty's high-water mark for a channel's
 *     write buffer); 0 counts any connection with anything queued. It only counts: nothing is refused or closed at
 *     it (that is {@code maxOutboundQueueBytes})
 */
public record ServiceOptions(
    @Nullable String host,
    int port,
    String accessKey,
    ServiceMode mode,
    @Nullable Path upstreamSettingsFile,
    UpstreamSettings upstreamSettings,
    int maxClientMessageSize,
    int maxOutboundQueueBytes,
    int maxConnections,
    int maxRestBodySize,
    Duration keepAliveInterval,
    Duration clientTimeout,
    Duration handshakeTimeout,
    Duration upstreamTimeout,
    Duration serverKeepAliveInterval,
    Duration serverTimeout,
    @Nullable OpenTelemetry openTelemetry,
    @Nullable ServiceLifetimeManagerFactory lifetimeManagers,
    @Nullable LiveTraceListener liveTrace,
    @Nullable ServiceBackplane backplane,
    int maxInvocationsPerSecond,
    int maxInvocationsPerSecondPerIp,
    int maxNegotiationsPerSecondPerIp,
    int backlogBytes) {

  /** The access key of Azure SignalR's emulator, which every emulator connection string carries. */
  public static final String EMULATOR_ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  /** The port of Azure SignalR's emulator. */
  public static final int DEFAULT_PORT = 8888;

  /** The defaults: loopback, port 8888, the emulator key, serverless, SignalR's limits and timeouts. */
  public static final ServiceOptions DEFAULTS = new ServiceOptions(null, DEFAULT_PORT, EMULATOR_ACCESS_KEY,
      ServiceMode.SERVERLESS, null, UpstreamSettings.NONE, 32 * 1024, 1024 * 1024, 100_000, 1024 * 1024,
      Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(100),
      Duration.ofSeconds(5), Duration.ofSeconds(30), null, null, null, null, 0, 0, 0, 64 * 1024);

  public ServiceOptions {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(upstreamSettings, "upstreamSettings");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    if (accessKey.isEmpty()) {
      throw new IllegalArgumentException("accessKey must not be empty");
    }
    positive("maxClientMessageSize", maxClientMessageSize);
    positive("maxOutboundQueueBytes", maxOutboundQueueBytes);
    positive("maxConnections", maxConnections);
    positive("maxRestBodySize", maxRestBodySize);
    positive("keepAliveInterval", keepAliveInterval);
    positive("clientTimeout", clientTimeout);
    positive("handshakeTimeout", handshakeTimeout);
    positive("upstreamTimeout", upstreamTimeout);
    positive("serverKeepAliveInterval", serverKeepAliveInterval);
    positive("serverTimeout", serverTimeout);
    if (maxInvocationsPerSecond < 0 || maxInvocationsPerSecondPerIp < 0 || maxNegotiationsPerSecondPerIp < 0) {
      throw new IllegalArgumentException("Rate limits are 0 (none) or positive: maxInvocationsPerSecond="
          + maxInvocationsPerSecond + ", maxInvocationsPerSecondPerIp=" + maxInvocationsPerSecondPerIp
          + ", maxNegotiationsPerSecondPerIp=" + maxNegotiationsPerSecondPerIp);
    }
    if (backlogBytes < 0) {
      throw new IllegalArgumentException("backlogBytes must be 0 (anything queued) or positive, was " + backlogBytes);
    }
    if (backplane != null && lifetimeManagers != null) {
      throw new IllegalArgumentException("Set a backplane or lifetimeManagers, not both: the backplane makes the "
          + "hubs' lifetime managers");
    }
  }

  /** What makes each hub's lifetime manager: the backplane, else {@link #lifetimeManagers()}, else null. */
  public @Nullable ServiceLifetimeManagerFactory managerFactory() {
    return backplane != null ? backplane : lifetimeManagers;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** A builder starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "ServiceOptions[host=" + host + ", port=" + port + ", accessKey=" + mask(accessKey) + ", mode=" + mode
        + ", upstreamSettingsFile=" + upstreamSettingsFile + ", upstreamSettings=" + upstreamSettings
        + ", maxClientMessageSize=" + maxClientMessageSize + ", maxOutboundQueueBytes=" + maxOutboundQueueBytes
        + ", maxConnections=" + maxConnections + ", maxRestBodySize=" + maxRestBodySize
        + ", keepAliveInterval=" + keepAliveInterval
        + ", clientTimeout=" + clientTimeout + ", handshakeTimeout=" + handshakeTimeout
        + ", upstreamTimeout=" + upstreamTimeout
        + ", serverKeepAliveInterval=" + serverKeepAliveInterval + ", serverTimeout=" + serverTimeout
        + ", openTelemetry=" + (openTelemetry == null ? "global" : openTelemetry.getClass().getSimpleName())
        + ", lifetimeManagers=" + (lifetimeManagers == null ? "local" : lifetimeManagers.getClass().getName())
        + ", liveTrace=" + (liveTrace == null ? "off" : "on")
        + ", backplane=" + (backplane == null ? "none" : backplane)
        + ", maxInvocationsPerSecond=" + maxInvocationsPerSecond + ", maxInvocationsPerSecondPerIp="
        + maxInvocationsPerSecondPerIp + ", maxNegotiationsPerSecondPerIp=" + maxNegotiationsPerSecondPerIp
        + ", backlogBytes=" + backlogBytes + "]";
  }

  private static String mask(String key) {
    return key.length() <= 4 ? "****" : key.substring(0, 4) + "****";
  }

  /** Builds {@link ServiceOptions}; every setter returns the builder. */
  public static final class Builder {
    private @Nullable String host;
    private int port;
    private String accessKey;
    private ServiceMode mode;
    private @Nullable Path upstreamSettingsFile;
    private UpstreamSettings upstreamSettings;
    private int maxClientMessageSize;
    private int maxOutboundQueueBytes;
    private int maxConnections;
    private int maxRestBodySize;
    private Duration keepAliveInterval;
    private Duration clientTimeout;
    private Duration handshakeTimeout;
    private Duration upstreamTimeout;
    private Duration serverKeepAliveInterval;
    private Duration serverTimeout;
    private @Nullable OpenTelemetry openTelemetry;
    private @Nullable ServiceLifetimeManagerFactory lifetimeManagers;
    private @Nullable LiveTraceListener liveTrace;
    private @Nullable ServiceBackplane backplane;
    private int maxInvocationsPerSecond;
    private int maxInvocationsPerSecondPerIp;
    private int maxNegotiationsPerSecondPerIp;
    private int backlogBytes;

    private Builder(ServiceOptions o) {
      host = o.host;
      port = o.port;
      accessKey = o.accessKey;
      mode = o.mode;
      upstreamSettingsFile = o.upstreamSettingsFile;
      upstreamSettings = o.upstreamSettings;
      maxClientMessageSize = o.maxClientMessageSize;
      maxOutboundQueueBytes = o.maxOutboundQueueBytes;
      maxConnections = o.maxConnections;
      maxRestBodySize = o.maxRestBodySize;
      keepAliveInterval = o.keepAliveInterval;
      clientTimeout = o.clientTimeout;
      handshakeTimeout = o.handshakeTimeout;
      upstreamTimeout = o.upstreamTimeout;
      serverKeepAliveInterval = o.serverKeepAliveInterval;
      serverTimeout = o.serverTimeout;
      openTelemetry = o.openTelemetry;
      lifetimeManagers = o.lifetimeManagers;
      liveTrace = o.liveTrace;
      backplane = o.backplane;
      maxInvocationsPerSecond = o.maxInvocationsPerSecond;
      maxInvocationsPerSecondPerIp = o.maxInvocationsPerSecondPerIp;
      maxNegotiationsPerSecondPerIp = o.maxNegotiationsPerSecondPerIp;
      backlogBytes = o.backlogBytes;
    }

    public Builder host(@Nullable String host) { this.host = host; return this; }
    public Builder port(int port) { this.port = port; return this; }
    public Builder accessKey(String accessKey) { this.accessKey = accessKey; return this; }
    public Builder mode(ServiceMode mode) { this.mode = mode; return this; }
    public Builder upstreamSettingsFile(@Nullable Path file) { this.upstreamSettingsFile = file; return this; }
    public Builder upstreamSettings(UpstreamSettings settings) { this.upstreamSettings = settings; return this; }
    public Builder maxClientMessageSize(int bytes) { this.maxClientMessageSize = bytes; return this; }
    public Builder maxOutboundQueueBytes(int bytes) { this.maxOutboundQueueBytes = bytes; return this; }
    public Builder maxConnections(int count) { this.maxConnections = count; return this; }
    public Builder maxRestBodySize(int bytes) { this.maxRestBodySize = bytes; return this; }
    public Builder keepAliveInterval(Duration interval) { this.keepAliveInterval = interval; return this; }
    public Builder clientTimeout(Duration timeout) { this.clientTimeout = timeout; return this; }
    public Builder handshakeTimeout(Duration timeout) { this.handshakeTimeout = timeout; return this; }
    public Builder upstreamTimeout(Duration timeout) { this.upstreamTimeout = timeout; return this; }
    public Builder serverKeepAliveInterval(Duration interval) { this.serverKeepAliveInterval = interval; return this; }
    public Builder serverTimeout(Duration timeout) { this.serverTimeout = timeout; return this; }
    /** Where spans and metrics go; null for {@link GlobalOpenTelemetry#get()}. */
    public Builder openTelemetry(@Nullable OpenTelemetry openTelemetry) { this.openTelemetry = openTelemetry; return this; }

    /**
     * Makes each hub's lifetime manager from the in-process one: how a backplane (several nodes) or a
     * decorator plugs in. Null keeps the in-process managers.
     */
    public Builder lifetimeManagers(@Nullable ServiceLifetimeManagerFactory factory) {
      this.lifetimeManagers = factory;
      return this;
    }

    /** Where the live trace goes (the app host's dashboard); null builds no events. */
    public Builder liveTrace(@Nullable LiveTraceListener listener) {
      this.liveTrace = listener;
      return this;
    }

    /**
     * Joins this node to others sharing one broker; null runs alone. See {@link #backplane(String)}.
     */
    public Builder backplane(@Nullable ServiceBackplane backplane) {
      this.backplane = backplane;
      return this;
    }

    /**
     * Joins this node to others over the broker at {@code uri} ({@code redis://[:password@]host:port}): the
     * backplane comes from a {@link ServiceBackplaneProvider} on the class path ({@code hubbub-service-redis}).
     *
     * @throws IllegalArgumentException when the URI is malformed or no provider on the class path handles it
     */
    public Builder backplane(String uri) {
      for (ServiceBackplaneProvider provider : ServiceLoader.load(ServiceBackplaneProvider.class,
          ServiceOptions.class.getClassLoader())) {
        if (provider.supports(uri)) {
          this.backplane = provider.create(uri);
          return this;
        }
      }
      int colon = uri.indexOf(':');
      String scheme = colon > 0 ? uri.substring(0, colon) : "(none)";
      throw new IllegalArgumentException("No backplane handles URIs with scheme '" + scheme + "': for redis:// "
          + "and rediss://, add dev.hubbub:hubbub-service-redis to the class path (the hubbub-service-redis.jar "
          + "runnable has it)");
    }

    /** Invocations per second per client connection; 0 for no limit. */
    public Builder maxInvocationsPerSecond(int perSecond) { this.maxInvocationsPerSecond = perSecond; return this; }

    /** Invocations per second per client IP address and hub; 0 for no limit. */
    public Builder maxInvocationsPerSecondPerIp(int perSecond) {
      this.maxInvocationsPerSecondPerIp = perSecond;
      return this;
    }

    /** Negotiations per second per client IP address (429 past it); 0 for no limit. */
    public Builder maxNegotiationsPerSecondPerIp(int perSecond) {
      this.maxNegotiationsPerSecondPerIp = perSecond;
      return this;
    }

    /**
     * Bytes queued for one connection past which it counts as backlogged ({@link
     * HubbubService#backloggedConnections()}); 0 counts any connection with anything queued.
     */
    public Builder backlogBytes(int bytes) {
      this.backlogBytes = bytes;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} naming an invalid value. */
    public ServiceOptions build() {
      return new ServiceOptions(host, port, accessKey, mode, upstreamSettingsFile, upstreamSettings,
          maxClientMessageSize, maxOutboundQueueBytes, maxConnections, maxRestBodySize, keepAliveInterval,
          clientTimeout, handshakeTimeout, upstreamTimeout, serverKeepAliveInterval, serverTimeout, openTelemetry,
          lifetimeManagers, liveTrace, backplane, maxInvocationsPerSecond, maxInvocationsPerSecondPerIp,
          maxNegotiationsPerSecondPerIp, backlogBytes);
    }
  }
}
