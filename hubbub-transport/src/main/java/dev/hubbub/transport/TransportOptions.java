package dev.hubbub.transport;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of a {@link TransportServer}. Start from {@link #DEFAULTS} or {@link #builder()}.
 *
 * @param bindAddress the address to listen on (default {@code 127.0.0.1}); for {@code 127.0.0.1} and
 *     {@code localhost} the server also listens on {@code ::1} (same port) when the machine has IPv6, so a
 *     client that resolves {@code localhost} to {@code ::1} first connects too
 * @param port the port; 0 picks a free one (see {@link TransportServer#port()})
 * @param transports the transports offered by negotiate and accepted (default all three)
 * @param maxOutboundQueueBytes bytes a connection may have queued towards a client that is not
 *     reading; past it the connection is aborted with a {@link SlowConsumerException} (default 1 MiB)
 * @param transportMaxBufferSize largest POST body (413 above) and largest inbound WebSocket message
 *     (close 1009 above); ASP.NET Core's {@code TransportMaxBufferSize} (default 64 KiB)
 * @param maxHttpRequestBytes largest body of a plain HTTP request for the {@link HttpRequestHandler}
 *     (413 above; default 1 MiB)
 * @param maxConnections connections at once; negotiate (and WebSockets without negotiate) answer 503
 *     above it (default unlimited)
 * @param longPollTimeout how long a poll waits for data before it returns 200 empty (default 90 s)
 * @param disconnectTimeout how long a connection lives with no poll (long polling), with its
 *     WebSocket gone waiting for a stateful reconnect, or negotiated but never connected (default 15 s)
 * @param webSocketCloseTimeout how long the server waits for the client's close frame after sending
 *     its own (default 5 s)
 * @param keepAliveTimeout how long an HTTP connection may sit between requests (after it opens or after
 *     a response) before the server closes it; Kestrel's {@code KeepAliveTimeout} (default 130 s)
 * @param requestTimeout how long a request may take to arrive whole (request line, headers and body,
 *     counted from its first byte; an upgrade request included) before the server closes the socket;
 *     like Kestrel's {@code RequestHeadersTimeout} (default 30 s). Neither timeout applies while a
 *     request is being answered (a parked long poll, an SSE stream) nor to a WebSocket
 * @param heartbeatInterval the period of the shared sweep that enforces the timeouts above and calls
 *     {@link ConnectionHandler#onHeartbeat} (default 1 s); timeouts are exact to within one period
 * @param allowStatefulReconnects whether negotiate may agree to {@code useStatefulReconnect}
 *     (default false)
 * @param corsEnabled whether CORS headers are added and preflights answered (default false)
 * @param corsAllowedOrigins allowed origins, exact ({@code http://localhost:5173}); {@code *} allows
 *     any. The request's origin is reflected with {@code Access-Control-Allow-Credentials: true}
 * @param ioThreads event-loop threads; 0 means one per available processor
 * @param maxRequestLineBytes longest request line (method, target with its query, version); a longer one is
 *     answered 414 and the socket closed (default 16 KiB: room for a JWT in {@code access_token})
 * @param maxHeaderBytes largest header section (every header line, cookies included); a larger one is answered
 *     431 and the socket closed (default 32 KiB)
 * @param maxNegotiationsPerSecondPerIp negotiations (and WebSockets without negotiate) one client IP address may
 *     start per second; past it they are answered 429 with {@code Retry-After: 1}, as Azure SignalR's Application
 *     Firewall answers. 0 (the default) for no limit
 * @param maxFlushDelay how long, at most, writes to clients may be held back to be coalesced under load (default
 *     zero: never). Each event loop flushes the connections that have data in one pass, so under load each
 *     socket write already carries what arrived during the previous pass. With a positive delay, once a pass takes
 *     a millisecond or more the next one also waits as long as that pass took, up to this delay: fewer, larger
 *     writes and less CPU per message, for up to this much more latency (see docs/benchmarks.md)
 * @param backlogBytes bytes a connection may have queued towards its client before it counts as backlogged in
 *     {@link TransportServer#backloggedConnections()}; 0 counts every connection with anything queued (then
 *     nearly every write moves the server's one shared count, twice) (default 64 KiB, the high-water mark of a
 *     Netty channel's write buffer). Nothing is refused or closed at this mark: that is
 *     {@code maxOutboundQueueBytes}
 */
public record TransportOptions(
    String bindAddress,
    int port,
    Set<TransportType> transports,
    long maxOutboundQueueBytes,
    int transportMaxBufferSize,
    int maxHttpRequestBytes,
    int maxConnections,
    Duration longPollTimeout,
    Duration disconnectTimeout,
    Duration webSocketCloseTimeout,
    Duration keepAliveTimeout,
    Duration requestTimeout,
    Duration heartbeatInterval,
    boolean allowStatefulReconnects,
    boolean corsEnabled,
    Set<String> corsAllowedOrigins,
    int ioThreads,
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxNegotiationsPerSecondPerIp,
    Duration maxFlushDelay,
    long backlogBytes) {

  /** All defaults. */
  public static final TransportOptions DEFAULTS = new Builder().build();

  public TransportOptions {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range: use 0..65535 (0 picks a free port)");
    }
    transports = transports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(transports));
    positive("maxOutboundQueueBytes", maxOutboundQueueBytes);
    positive("transportMaxBufferSize", transportMaxBufferSize);
    positive("maxHttpRequestBytes", maxHttpRequestBytes);
    positive("maxConnections", maxConnections);
    positive("longPollTimeout", longPollTimeout);
    positive("disconnectTimeout", disconnectTimeout);
    positive("webSocketCloseTimeout", webSocketCloseTimeout);
    positive("keepAliveTimeout", keepAliveTimeout);
    positive("requestTimeout", requestTimeout);
    positive("heartbeatInterval", heartbeatInterval);
    corsAllowedOrigins = Set.copyOf(corsAllowedOrigins);
    positive("maxRequestLineBytes", maxRequestLineBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
    if (maxNegotiationsPerSecondPerIp < 0) {
      throw new IllegalArgumentException("maxNegotiationsPerSecondPerIp must be 0 (no limit) or positive, was "
          + maxNegotiationsPerSecondPerIp);
    }
    Objects.requireNonNull(maxFlushDelay, "maxFlushDelay");
    if (maxFlushDelay.isNegative()) {
      throw new IllegalArgumentException("maxFlushDelay must be zero or positive, was " + maxFlushDelay);
    }
    if (backlogBytes < 0) {
      throw new IllegalArgumentException("backlogBytes must be 0 (anything queued) or positive, was " + backlogBytes);
    }
    if (ioThreads < 0) {
      throw new IllegalArgumentException("ioThreads " + ioThreads + " is negative: use 0 for one per processor");
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this object's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether {@code type} is enabled. */
  public boolean enabled(TransportType type) {
    return transports.contains(type);
  }

  /** Builds {@link TransportOptions}. */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port = 0;
    private Set<TransportType> transports = EnumSet.allOf(TransportType.class);
    private long maxOutboundQueueBytes = 1024 * 1024;
    private int transportMaxBufferSize = 64 * 1024;
    private int maxHttpRequestBytes = 1024 * 1024;
    private int maxConnections = Integer.MAX_VALUE;
    private Duration longPollTimeout = Duration.ofSeconds(90);
    private Duration disconnectTimeout = Duration.ofSeconds(15);
    private Duration webSocketCloseTimeout = Duration.ofSeconds(5);
    private Duration keepAliveTimeout = Duration.ofSeconds(130);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private boolean allowStatefulReconnects;
    private boolean corsEnabled;
    private Set<String> corsAllowedOrigins = Set.of();
    private int ioThreads;
    private int maxRequestLineBytes = 16 * 1024;
    private int maxHeaderBytes = 32 * 1024;
    private int maxNegotiationsPerSecondPerIp;
    private Duration maxFlushDelay = Duration.ZERO;
    private long backlogBytes = 64 * 1024;

    private Builder() {
    }

    private Builder(TransportOptions o) {
      bindAddress = o.bindAddress;
      port = o.port;
      transports = o.transports;
      maxOutboundQueueBytes = o.maxOutboundQueueBytes;
      transportMaxBufferSize = o.transportMaxBufferSize;
      maxHttpRequestBytes = o.maxHttpRequestBytes;
      maxConnections = o.maxConnections;
      longPollTimeout = o.longPollTimeout;
      disconnectTimeout = o.disconnectTimeout;
      webSocketCloseTimeout = o.webSocketCloseTimeout;
      keepAliveTimeout = o.keepAliveTimeout;
      requestTimeout = o.requestTimeout;
      heartbeatInterval = o.heartbeatInterval;
      allowStatefulReconnects = o.allowStatefulReconnects;
      corsEnabled = o.corsEnabled;
      corsAllowedOrigins = o.corsAllowedOrigins;
      ioThreads = o.ioThreads;
      maxRequestLineBytes = o.maxRequestLineBytes;
      maxHeaderBytes = o.maxHeaderBytes;
      maxNegotiationsPerSecondPerIp = o.maxNegotiationsPerSecondPerIp;
      maxFlushDelay = o.maxFlushDelay;
      backlogBytes = o.backlogBytes;
    }

    public Builder bindAddress(String v) { bindAddress = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder transports(Set<TransportType> v) { transports = v; return this; }
    public Builder maxOutboundQueueBytes(long v) { maxOutboundQueueBytes = v; return this; }
    public Builder transportMaxBufferSize(int v) { transportMaxBufferSize = v; return this; }
    public Builder maxHttpRequestBytes(int v) { maxHttpRequestBytes = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder longPollTimeout(Duration v) { longPollTimeout = v; return this; }
    public Builder disconnectTimeout(Duration v) { disconnectTimeout = v; return this; }
    public Builder webSocketCloseTimeout(Duration v) { webSocketCloseTimeout = v; return this; }
    public Builder keepAliveTimeout(Duration v) { keepAliveTimeout = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder allowStatefulReconnects(boolean v) { allowStatefulReconnects = v; return this; }
    /** Turns CORS on for these origins ({@code *} for any). */
    public Builder cors(Set<String> allowedOrigins) { corsEnabled = true; corsAllowedOrigins = allowedOrigins; return this; }
    public Builder corsEnabled(boolean v) { corsEnabled = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder maxRequestLineBytes(int v) { maxRequestLineBytes = v; return this; }
    public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }
    public Builder maxNegotiationsPerSecondPerIp(int v) { maxNegotiationsPerSecondPerIp = v; return this; }
    public Builder maxFlushDelay(Duration v) { maxFlushDelay = v; return this; }
    public Builder backlogBytes(long v) { backlogBytes = v; return this; }

    public TransportOptions build() {
      return new TransportOptions(bindAddress, port, transports, maxOutboundQueueBytes,
          transportMaxBufferSize, maxHttpRequestBytes, maxConnections, longPollTimeout,
          disconnectTimeout, webSocketCloseTimeout, keepAliveTimeout, requestTimeout, heartbeatInterval, allowStatefulReconnects,
          corsEnabled, corsAllowedOrigins, ioThreads, maxRequestLineBytes, maxHeaderBytes,
          maxNegotiationsPerSecondPerIp, maxFlushDelay, backlogBytes);
    }
  }
}
