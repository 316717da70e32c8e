package dev.hubbub.test.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link HubTestClient} connects and what it bounds. Immutable; start from {@link #DEFAULTS} or
 * {@link #builder()}. {@link #toString()} never shows the access token or header values.
 *
 * @param transports the transports the client may use, tried in the order the server lists them (all three by
 *     default)
 * @param protocol the hub protocol (JSON by default)
 * @param accessTokenProvider asked for a token before each negotiation (and each reconnect); sent as
 *     {@code Authorization: Bearer} on every request of every transport, never in a URL. Null for none. A
 *     negotiate redirect's {@code accessToken} replaces it for that connection, as in the official clients
 * @param headers extra request headers for negotiate, every transport request and the WebSocket upgrade
 * @param skipNegotiation connect the WebSocket straight to the URL without negotiating (WebSockets only)
 * @param statefulReconnect ask for stateful reconnect: a dropped WebSocket is reconnected to the same
 *     connection and unacknowledged messages are replayed both ways (needs a server that allows it)
 * @param statefulReconnectBufferSize bytes of sent, unacknowledged messages kept for replay (100 000, as the
 *     official clients); past it, further messages wait for an Ack before they go out
 * @param reconnectPolicy automatic reconnect after a lost connection; null (the default) closes the client
 *     instead, as the official clients without {@code withAutomaticReconnect}
 * @param timeout how long blocking calls ({@code invoke}, {@code awaitNext}, ...) wait unless given a duration
 *     (10 s)
 * @param httpTimeout how long negotiate, sends over HTTP and the long-polling DELETE may take (30 s)
 * @param connectTimeout how long opening a transport (WebSocket upgrade, event stream, first poll) may take
 *     (10 s)
 * @param handshakeTimeout how long the server has to answer the hub protocol handshake (15 s)
 * @param serverTimeout how long the server may stay silent before the connection counts as lost (30 s, as the
 *     official clients; not applied to long polling, whose polls keep it alive)
 * @param keepAliveInterval a Ping goes out when nothing was sent for this long (15 s; not on long polling)
 * @param pollTimeout how long one long poll may wait for data before it is repeated (100 s)
 * @param closeTimeout how long {@code stop()} and {@code close()} wait for the transport to close before they drop
 *     it (5 s)
 * @param maxMessageSize the largest hub message accepted from the server, in bytes (1 MiB); a larger one closes
 *     the connection with a {@link ServerProtocolException} naming the size
 * @param maxFrameSize the largest WebSocket message, Server-Sent Event or poll response accepted, in bytes
 *     (16 MiB); one frame may hold many hub messages
 * @param maxRecordedMessages how many messages one target's {@link MessageRecorder} (or one
 *     {@link ServerStream}) keeps (10 000); past it the recorder reports an overflow instead of growing
 * @param objectMapper serializes arguments and binds results, stream items and received arguments
 * @param httpClient the JDK HTTP client for every request and WebSocket; null uses a shared one (HTTP/1.1)
 */
public record HubTestClientOptions(
    Set<TransportType> transports,
    Protocol protocol,
    @Nullable Supplier<String> accessTokenProvider,
    Map<String, String> headers,
    boolean skipNegotiation,
    boolean statefulReconnect,
    int statefulReconnectBufferSize,
    @Nullable ReconnectPolicy reconnectPolicy,
    Duration timeout,
    Duration httpTimeout,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration serverTimeout,
    Duration keepAliveInterval,
    Duration pollTimeout,
    Duration closeTimeout,
    int maxMessageSize,
    int maxFrameSize,
    int maxRecordedMessages,
    ObjectMapper objectMapper,
    @Nullable HttpClient httpClient) {

  /** Every transport, JSON, no token, no reconnect, and the limits and timeouts documented above. */
  public static final HubTestClientOptions DEFAULTS = new HubTestClientOptions(EnumSet.allOf(TransportType.class),
      Protocol.JSON, null, Map.of(), false, false, 100_000, null, Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(15),
      Duration.ofSeconds(100), Duration.ofSeconds(5), 1024 * 1024, 16 * 1024 * 1024, 10_000, new ObjectMapper(), null);

  /** Validates the options; an invalid one throws {@link IllegalArgumentException} naming it. */
  public HubTestClientOptions {
    Objects.requireNonNull(transports, "transports");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(objectMapper, "objectMapper");
    transports = transports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(transports));
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("transports must name at least one transport");
    }
    if (protocol.isBinary() && transports.equals(Set.of(TransportType.SERVER_SENT_EVENTS))) {
      throw new IllegalArgumentException("The MessagePack protocol needs binary frames, which Server-Sent Events "
          + "cannot carry: allow WEB_SOCKETS or LONG_POLLING, or use the JSON protocol.");
    }
    if (skipNegotiation && !transports.equals(Set.of(TransportType.WEB_SOCKETS))) {
      throw new IllegalArgumentException("skipNegotiation works with WebSockets only: set transports to "
          + "WEB_SOCKETS alone (they are " + transports + ").");
    }
    headers = Map.copyOf(headers);
    positive("statefulReconnectBufferSize", statefulReconnectBufferSize);
    positive("timeout", timeout);
    positive("httpTimeout", httpTimeout);
    positive("connectTimeout", connectTimeout);
    positive("handshakeTimeout", handshakeTimeout);
    positive("serverTimeout", serverTimeout);
    positive("keepAliveInterval", keepAliveInterval);
    positive("pollTimeout", pollTimeout);
    positive("closeTimeout", closeTimeout);
    positive("maxMessageSize", maxMessageSize);
    positive("maxFrameSize", maxFrameSize);
    positive("maxRecordedMessages", maxRecordedMessages);
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

  /** Every option; the access token and header values are masked. */
  @Override
  public String toString() {
    return "HubTestClientOptions[transports=" + EnumSet.copyOf(transports) + ", protocol=" + protocol
        + ", accessToken=" + (accessTokenProvider == null ? "none" : "****")
        + ", headers=" + headers.keySet() + ", skipNegotiation=" + skipNegotiation
        + ", statefulReconnect=" + statefulReconnect + ", statefulReconnectBufferSize=" + statefulReconnectBufferSize
        + ", reconnectPolicy=" + (reconnectPolicy == null ? "none" : reconnectPolicy)
        + ", timeout=" + timeout + ", httpTimeout=" + httpTimeout + ", connectTimeout=" + connectTimeout
        + ", handshakeTimeout=" + handshakeTimeout + ", serverTimeout=" + serverTimeout
        + ", keepAliveInterval=" + keepAliveInterval + ", pollTimeout=" + pollTimeout
        + ", closeTimeout=" + closeTimeout
        + ", maxMessageSize=" + maxMessageSize + ", maxFrameSize=" + maxFrameSize
        + ", maxRecordedMessages=" + maxRecordedMessages
        + ", objectMapper=" + objectMapper.getClass().getName()
        + ", httpClient=" + (httpClient == null ? "shared" : "own") + "]";
  }

  /** Builds {@link HubTestClientOptions}; every setter returns the builder. */
  public static final class Builder {
    private Set<TransportType> transports;
    private Protocol protocol;
    private @Nullable Supplier<String> accessTokenProvider;
    private final Map<String, String> headers;
    private boolean skipNegotiation;
    private boolean statefulReconnect;
    private int statefulReconnectBufferSize;
    private @Nullable ReconnectPolicy reconnectPolicy;
    private Duration timeout;
    private Duration httpTimeout;
    private Duration connectTimeout;
    private Duration handshakeTimeout;
    private Duration serverTimeout;
    private Duration keepAliveInterval;
    private Duration pollTimeout;
    private Duration closeTimeout;
    private int maxMessageSize;
    private int maxFrameSize;
    private int maxRecordedMessages;
    private ObjectMapper objectMapper;
    private @Nullable HttpClient httpClient;

    private Builder(HubTestClientOptions o) {
      transports = o.transports;
      protocol = o.protocol;
      accessTokenProvider = o.accessTokenProvider;
      headers = new LinkedHashMap<>(o.headers);
      skipNegotiation = o.skipNegotiation;
      statefulReconnect = o.statefulReconnect;
      statefulReconnectBufferSize = o.statefulReconnectBufferSize;
      reconnectPolicy = o.reconnectPolicy;
      timeout = o.timeout;
      httpTimeout = o.httpTimeout;
      connectTimeout = o.connectTimeout;
      handshakeTimeout = o.handshakeTimeout;
      serverTimeout = o.serverTimeout;
      keepAliveInterval = o.keepAliveInterval;
      pollTimeout = o.pollTimeout;
      closeTimeout = o.closeTimeout;
      maxMessageSize = o.maxMessageSize;
      maxFrameSize = o.maxFrameSize;
      maxRecordedMessages = o.maxRecordedMessages;
      objectMapper = o.objectMapper;
      httpClient = o.httpClient;
    }

    /** Uses this one transport only. */
    public Builder transport(TransportType transport) {
      this.transports = EnumSet.of(transport);
      return this;
    }

    /** Allows these transports, tried in the server's order. */
    public Builder transports(Set<TransportType> transports) {
      this.transports = transports;
      return this;
    }

    /** The hub protocol. */
    public Builder protocol(Protocol protocol) {
      this.protocol = protocol;
      return this;
    }

    /** A fixed access token. */
    public Builder accessToken(String token) {
      Objects.requireNonNull(token, "token");
      this.accessTokenProvider = () -> token;
      return this;
    }

    /** Asked for a token before each negotiation; null for none. */
    public Builder accessTokenProvider(@Nullable Supplier<String> provider) {
      this.accessTokenProvider = provider;
      return this;
    }

    /** Adds a request header (negotiate, transports, WebSocket upgrade). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Connects the WebSocket without negotiating. */
    public Builder skipNegotiation(boolean skip) {
      this.skipNegotiation = skip;
      return this;
    }

    /** Asks for stateful reconnect. */
    public Builder statefulReconnect(boolean stateful) {
      this.statefulReconnect = stateful;
      return this;
    }

    /** Bytes of unacknowledged messages kept for a stateful reconnect. */
    public Builder statefulReconnectBufferSize(int bytes) {
      this.statefulReconnectBufferSize = bytes;
      return this;
    }

    /** Automatic reconnect with the official clients' delays: 0, 2, 10 and 30 seconds. */
    public Builder automaticReconnect() {
      return reconnectPolicy(ReconnectPolicy.defaultPolicy());
    }

    /** Automatic reconnect, one attempt after each delay. */
    public Builder automaticReconnect(Duration... delays) {
      return reconnectPolicy(ReconnectPolicy.delays(delays));
    }

    /** Automatic reconnect with a policy; null turns it off. */
    public Builder reconnectPolicy(@Nullable ReconnectPolicy policy) {
      this.reconnectPolicy = policy;
      return this;
    }

    /** The default wait of blocking calls. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The limit on negotiate, HTTP sends and the long-polling DELETE. */
    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout = timeout;
      return this;
    }

    /** The limit on opening a transport. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The limit on the server's handshake answer. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /** How long the server may stay silent. */
    public Builder serverTimeout(Duration timeout) {
      this.serverTimeout = timeout;
      return this;
    }

    /** How often a Ping goes out when nothing else does. */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = interval;
      return this;
    }

    /** How long one long poll may wait. */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = timeout;
      return this;
    }

    /** How long {@code stop()} waits for the transport to close. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = timeout;
      return this;
    }

    /** The largest hub message accepted, in bytes. */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** The largest transport frame accepted, in bytes. */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /** How many messages one recorder or stream keeps. */
    public Builder maxRecordedMessages(int count) {
      this.maxRecordedMessages = count;
      return this;
    }

    /** The mapper for arguments, results and stream items. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.objectMapper = mapper;
      return this;
    }

    /** The HTTP client; null for the shared one. */
    public Builder httpClient(@Nullable HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} naming an invalid value. */
    public HubTestClientOptions build() {
      return new HubTestClientOptions(transports, protocol, accessTokenProvider, headers, skipNegotiation,
          statefulReconnect, statefulReconnectBufferSize, reconnectPolicy, timeout, httpTimeout, connectTimeout,
          handshakeTimeout, serverTimeout, keepAliveInterval, pollTimeout, closeTimeout, maxMessageSize, maxFrameSize,
          maxRecordedMessages, objectMapper, httpClient);
    }
  }
}
