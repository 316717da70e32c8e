package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.service.ServerConnectionType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link ServiceConnection} dials and keeps its WebSocket; immutable. The defaults are the official
 * SDK's timings (reference §7.6).
 *
 * @param connectionType what the handshake declares: {@link ServerConnectionType#DEFAULT} for a hub server
 *     carrying clients, {@link ServerConnectionType#WEAK} for the management SDK (no clients)
 * @param serverId sent as {@code X-ASRS-Server-Id}
 * @param userAgent sent as {@code Asrs-User-Agent}
 * @param handshakeTimeout connect plus handshake response
 * @param serviceTimeout a connection silent for longer is dropped and redialed
 * @param keepAliveInterval a keep-alive ping goes out when nothing was sent for this long
 * @param reconnectDelays the n-th redial waits the n-th delay (the last repeats)
 * @param reconnectJitter up to this much is added at random to each delay
 * @param maxMessageSize the largest service message accepted from the service
 * @param maxQueuedBytes bytes waiting to be sent to the service on one connection; a send past it fails that
 *     link (logged, redialed as any lost link) rather than letting memory grow while the service does not read
 */
public record ServiceConnectionConfig(ServerConnectionType connectionType, String serverId, String userAgent,
    Duration handshakeTimeout, Duration serviceTimeout, Duration keepAliveInterval, List<Duration> reconnectDelays,
    Duration reconnectJitter, int maxMessageSize, long maxQueuedBytes) {

  /** The SDK's redial backoff: 1, 2, 4, 8, 16, 32 s, then 60 s. */
  public static final List<Duration> DEFAULT_RECONNECT_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32),
      Duration.ofSeconds(60));

  /**
   * Default connection, 15 s handshake, 30 s service timeout, 5 s keep-alive, SDK backoff with ≤1 s jitter, 1 MiB
   * messages, 64 MiB queued.
   */
  public static final ServiceConnectionConfig DEFAULTS = new ServiceConnectionConfig(ServerConnectionType.DEFAULT,
      "hubbub", "hubbub", Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(5),
      DEFAULT_RECONNECT_DELAYS, Duration.ofSeconds(1), 1024 * 1024, 64L * 1024 * 1024);

  /** Checks every value. */
  public ServiceConnectionConfig {
    Objects.requireNonNull(connectionType, "connectionType");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(userAgent, "userAgent");
    positive("handshakeTimeout", handshakeTimeout);
    positive("serviceTimeout", serviceTimeout);
    positive("keepAliveInterval", keepAliveInterval);
    reconnectDelays = List.copyOf(reconnectDelays);
    if (reconnectDelays.isEmpty() || reconnectDelays.stream().anyMatch(Duration::isNegative)) {
      throw new IllegalArgumentException("reconnectDelays must be one or more non-negative durations: "
          + reconnectDelays);
    }
    if (reconnectJitter.isNegative()) {
      throw new IllegalArgumentException("reconnectJitter must not be negative: " + reconnectJitter);
    }
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
    }
    if (maxQueuedBytes <= 0) {
      throw new IllegalArgumentException("maxQueuedBytes must be positive: " + maxQueuedBytes);
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** How often the owner should call {@link ServiceConnection#tick(long)}: half the keep-alive, 10 ms to 1 s. */
  public Duration tickPeriod() {
    return Duration.ofMillis(Math.max(10, Math.min(1000, keepAliveInterval.toMillis() / 2)));
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A builder starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** Builds a {@link ServiceConnectionConfig}; every setter replaces one field. */
  public static final class Builder {
    private ServerConnectionType connectionType;
    private String serverId;
    private String userAgent;
    private Duration handshakeTimeout;
    private Duration serviceTimeout;
    private Duration keepAliveInterval;
    private List<Duration> reconnectDelays;
    private Duration reconnectJitter;
    private int maxMessageSize;
    private long maxQueuedBytes;

    private Builder(ServiceConnectionConfig c) {
      connectionType = c.connectionType;
      serverId = c.serverId;
      userAgent = c.userAgent;
      handshakeTimeout = c.handshakeTimeout;
      serviceTimeout = c.serviceTimeout;
      keepAliveInterval = c.keepAliveInterval;
      reconnectDelays = c.reconnectDelays;
      reconnectJitter = c.reconnectJitter;
      maxMessageSize = c.maxMessageSize;
      maxQueuedBytes = c.maxQueuedBytes;
    }

    /** See {@link ServiceConnectionConfig#connectionType()}. */
    public Builder connectionType(ServerConnectionType v) {
      connectionType = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#serverId()}. */
    public Builder serverId(String v) {
      serverId = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#userAgent()}. */
    public Builder userAgent(String v) {
      userAgent = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#handshakeTimeout()}. */
    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#serviceTimeout()}. */
    public Builder serviceTimeout(Duration v) {
      serviceTimeout = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#keepAliveInterval()}. */
    public Builder keepAliveInterval(Duration v) {
      keepAliveInterval = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#reconnectDelays()}. */
    public Builder reconnectDelays(List<Duration> v) {
      reconnectDelays = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#reconnectJitter()}. */
    public Builder reconnectJitter(Duration v) {
      reconnectJitter = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#maxMessageSize()}. */
    public Builder maxMessageSize(int v) {
      maxMessageSize = v;
      return this;
    }

    /** See {@link ServiceConnectionConfig#maxQueuedBytes()}. */
    public Builder maxQueuedBytes(long v) {
      maxQueuedBytes = v;
      return this;
    }

    /** The config. */
    public ServiceConnectionConfig build() {
      return new ServiceConnectionConfig(connectionType, serverId, userAgent, handshakeTimeout, serviceTimeout,
          keepAliveInterval, reconnectDelays, reconnectJitter, maxMessageSize, maxQueuedBytes);
    }
  }
}
