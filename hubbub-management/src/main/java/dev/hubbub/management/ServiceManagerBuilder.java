package dev.hubbub.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.management.internal.ClientTokens;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import dev.hubbub.management.internal.PersistentOptions;
import dev.hubbub.management.internal.PersistentTransport;
import dev.hubbub.management.internal.RestClient;
import dev.hubbub.management.internal.RestTransport;
import dev.hubbub.management.internal.RetryPolicy;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.serviceconnection.SignalRConfiguration;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ServiceManager}, as the official SDK's {@code ServiceManagerBuilder}:
 *
 * <pre>{@code
 * ServiceManager manager = new ServiceManagerBuilder()
 *     .connectionString("Endpoint=http://localhost:8888;AccessKey=...;Version=1.0;")
 *     .applicationName("myapp")          // hubs become myapp_<hub>
 *     .restTimeout(Duration.ofSeconds(10))
 *     .retry(3, Duration.ofMillis(500))
 *     .build();
 * }</pre>
 *
 * <p>Operations go as REST calls by default; {@code transportType(ServiceTransportType.PERSISTENT)} sends them over
 * service-protocol WebSockets instead (see {@link ServiceTransportType#PERSISTENT} and docs/management.md).
 *
 * <p>Give the service with {@link #connectionString(String)}, {@link #fromConfiguration(String)} (the Aspire
 * way) or {@link #endpoint(URI)} plus {@link #accessKey(String)}; endpoint and key win over a connection
 * string. Only access-key authentication is supported for now.
 */
public final class ServiceManagerBuilder {
  /** The REST timeout when none is set, as the official SDK. */
  public static final Duration DEFAULT_REST_TIMEOUT = Duration.ofSeconds(100);
  /** How long a persistent operation waits for the service's Ack when none is set, as the official SDK. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);
  /** How long creating a blocking hub context waits for its first persistent connection when none is set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  /** How many REST connections the SDK's HTTP client opens at most when none is set. */
  public static final int DEFAULT_REST_MAX_CONNECTIONS = 64;
  /** How many REST calls may wait for a connection when none is set. */
  public static final int DEFAULT_REST_MAX_QUEUED_REQUESTS = 10_000;

  private @Nullable ConnectionString connectionString;
  private @Nullable URI endpoint;
  private @Nullable String accessKey;
  private @Nullable String applicationName;
  private Duration restTimeout = DEFAULT_REST_TIMEOUT;
  private RetryPolicy retry = RetryPolicy.NONE;
  private @Nullable ObjectMapper objectMapper;
  private @Nullable HttpClient httpClient;
  private @Nullable OpenTelemetry openTelemetry;
  private ServiceTransportType transportType = ServiceTransportType.TRANSIENT;
  private int connectionCount = 1;
  private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private int restMaxConnections = DEFAULT_REST_MAX_CONNECTIONS;
  private int restMaxQueuedRequests = DEFAULT_REST_MAX_QUEUED_REQUESTS;
  private ServiceConnectionConfig persistentConnection = ServiceConnectionConfig.builder()
      .connectionType(ServerConnectionType.WEAK).userAgent("hubbub-management").build();

  /** A builder with no service set yet. */
  public ServiceManagerBuilder() {}

  /**
   * The service's connection string, {@code Endpoint=https://<name>.service.signalr.net;AccessKey=...;Version=1.0;}
   * or the emulator's.
   *
   * @throws dev.hubbub.protocol.connection.InvalidConnectionStringException naming the bad property
   */
  public ServiceManagerBuilder connectionString(String connectionString) {
    return connectionString(ConnectionString.parse(Objects.requireNonNull(connectionString, "connectionString")));
  }

  /** The service's parsed connection string. */
  public ServiceManagerBuilder connectionString(ConnectionString connectionString) {
    this.connectionString = Objects.requireNonNull(connectionString, "connectionString");
    return this;
  }

  /**
   * Reads the connection string named {@code name} as an Aspire app host passes it, through
   * {@link SignalRConfiguration#standard()} (the order the hub server uses too): system properties, then the
   * environment ({@code ConnectionStrings__<name>}, as Aspire injects it), then {@code ./appsettings.json}; keys
   * {@code ConnectionStrings:<name>}, its portable alias, {@code Azure:SignalR:<name>:ConnectionString}, then
   * {@code Azure:SignalR:ConnectionString}.
   *
   * @throws IllegalStateException naming the variable to set when none is present
   */
  public ServiceManagerBuilder fromConfiguration(String name) {
    return fromConfiguration(name, Map.of());
  }

  /**
   * Like {@link #fromConfiguration(String)}, with {@code configuration} (a {@code Map} or {@code Properties}
   * with keys such as {@code ConnectionStrings:signalr}) on top of the other sources.
   *
   * @throws IllegalStateException naming the variable to set when none is present
   */
  public ServiceManagerBuilder fromConfiguration(String name, Map<?, ?> configuration) {
    Objects.requireNonNull(name, "name");
    return connectionString(SignalRConfiguration.standard().withOverrides(configuration).connectionString(name));
  }

  /** The service endpoint, e.g. {@code https://<name>.service.signalr.net}; use with {@link #accessKey(String)}. */
  public ServiceManagerBuilder endpoint(URI endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  /** The service endpoint as text; see {@link #endpoint(URI)}. */
  public ServiceManagerBuilder endpoint(String endpoint) {
    return endpoint(URI.create(Objects.requireNonNull(endpoint, "endpoint")));
  }

  /** The access key that signs tokens; use with {@link #endpoint(URI)}. */
  public ServiceManagerBuilder accessKey(String accessKey) {
    this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
    return this;
  }

  /**
   * An application name that prefixes every hub ({@code app_hub}, lower-cased), so several apps can share
   * one service; none by default.
   */
  public ServiceManagerBuilder applicationName(@Nullable String applicationName) {
    if (applicationName != null && !applicationName.isEmpty()) {
      HubRef.checkApplication(applicationName);
    }
    this.applicationName = applicationName == null || applicationName.isEmpty() ? null : applicationName;
    return this;
  }

  /** How long one REST call may take before it fails with {@link SignalRConnectionException}; 100 s by default. */
  public ServiceManagerBuilder restTimeout(Duration restTimeout) {
    Objects.requireNonNull(restTimeout, "restTimeout");
    if (restTimeout.isNegative() || restTimeout.isZero()) {
      throw new IllegalArgumentException("restTimeout must be positive: " + restTimeout);
    }
    this.restTimeout = restTimeout;
    return this;
  }

  /**
   * Repeats failed REST calls up to {@code maxRetries} more times, {@code delay} apart; off by default, as
   * in the official SDK. A call whose connection was refused is always repeatable; an idempotent call
   * ({@code PUT}, {@code DELETE}, {@code HEAD}, {@code GET}: group changes, checks, closing one connection)
   * is also repeated after a timeout, a reset or a 408, 429 or 5xx answer. Sends and bulk closes
   * ({@code POST}) are not repeated once they may have reached the service, so a retry never delivers a
   * message twice.
   */
  public ServiceManagerBuilder retry(int maxRetries, Duration delay) {
    this.retry = new RetryPolicy(maxRetries, Objects.requireNonNull(delay, "delay"));
    return this;
  }

  /**
   * The Jackson mapper that serializes send arguments; by default {@code HubProtocolOptions.newDefaultMapper()},
   * which writes {@code java.time} values and {@code Date} as ISO-8601 text the way .NET's System.Text.Json does.
   * Sends go to the service as JSON, so a MessagePack client receives dates as those strings (as with Azure
   * SignalR's REST API), not as MessagePack timestamps.
   */
  public ServiceManagerBuilder objectMapper(ObjectMapper objectMapper) {
    this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
    return this;
  }

  /**
   * A JDK HTTP client for REST calls (and the persistent transport's WebSockets), e.g. one with a proxy or a
   * custom {@code SSLContext}.
   *
   * <p>Without it, REST calls go through the SDK's own HTTP/1.1 client on Netty: one I/O thread per manager
   * ({@code hubbub-management-http}, stopped by {@link ServiceManager#close()}), up to
   * {@link #restMaxConnections(int)} keep-alive connections to the service, TLS with the JDK's default trust
   * store and hostname verification, a connect timeout of the shorter of {@link #restTimeout(Duration)} and
   * 10 s. It costs a small fraction of the JDK client's CPU per call, so one JVM can send many thousands of
   * REST calls per second. It does not use proxies or a custom {@code SSLContext}: give a client here for
   * those; calls then go through it as before (and the two REST pool settings are ignored).
   */
  public ServiceManagerBuilder httpClient(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    return this;
  }

  /**
   * How many connections the SDK's HTTP client opens to the service at most, each carrying one REST call at a
   * time; {@value #DEFAULT_REST_MAX_CONNECTIONS} by default. Idle connections stay open and are reused. Ignored
   * with {@link #httpClient(HttpClient)}.
   */
  public ServiceManagerBuilder restMaxConnections(int restMaxConnections) {
    if (restMaxConnections < 1) {
      throw new IllegalArgumentException("restMaxConnections must be at least 1: " + restMaxConnections);
    }
    this.restMaxConnections = restMaxConnections;
    return this;
  }

  /**
   * How many REST calls may wait for a free connection when all {@link #restMaxConnections(int)} are busy;
   * {@value #DEFAULT_REST_MAX_QUEUED_REQUESTS} by default. A call past it fails at once with
   * {@link SignalRConnectionException} naming this limit. The wait counts towards
   * {@link #restTimeout(Duration)}. Ignored with {@link #httpClient(HttpClient)}.
   */
  public ServiceManagerBuilder restMaxQueuedRequests(int restMaxQueuedRequests) {
    if (restMaxQueuedRequests < 0) {
      throw new IllegalArgumentException("restMaxQueuedRequests must be 0 or more: " + restMaxQueuedRequests);
    }
    this.restMaxQueuedRequests = restMaxQueuedRequests;
    return this;
  }

  /** Where spans of REST calls go (scope {@code dev.hubbub.management}); {@link GlobalOpenTelemetry} by default. */
  public ServiceManagerBuilder openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    return this;
  }

  /**
   * How operations reach the service: {@link ServiceTransportType#TRANSIENT} (REST, the default) or
   * {@link ServiceTransportType#PERSISTENT} (service-protocol WebSockets).
   */
  public ServiceManagerBuilder transportType(ServiceTransportType transportType) {
    this.transportType = Objects.requireNonNull(transportType, "transportType");
    return this;
  }

  /**
   * How many WebSockets the persistent transport opens per hub; 1 by default, as the official SDK's
   * {@code ConnectionCount}. Every operation uses the first one that is up; more connections only add
   * spares for when one drops. Ignored by the transient transport.
   */
  public ServiceManagerBuilder connectionCount(int connectionCount) {
    if (connectionCount < 1) {
      throw new IllegalArgumentException("connectionCount must be at least 1: " + connectionCount);
    }
    this.connectionCount = connectionCount;
    return this;
  }

  /**
   * How long a persistent group change, check or close waits for the service's Ack before it fails with
   * {@link SignalRConnectionException}; 10 s by default. Ignored by the transient transport.
   */
  public ServiceManagerBuilder ackTimeout(Duration ackTimeout) {
    this.ackTimeout = positive("ackTimeout", ackTimeout);
    return this;
  }

  /**
   * How long {@link ServiceManager#createHubContext(String)} waits for the hub's first persistent connection
   * before it fails with {@link SignalRConnectionException}; 15 s by default. Ignored by the transient transport.
   */
  public ServiceManagerBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout = positive("connectTimeout", connectTimeout);
    return this;
  }

  // for tests: shorter backoff and keep-alive than the SDK's
  ServiceManagerBuilder persistentConnection(ServiceConnectionConfig config) {
    this.persistentConnection = Objects.requireNonNull(config, "config");
    return this;
  }

  private static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /**
   * The manager.
   *
   * @throws IllegalStateException if no service was given
   * @throws UnsupportedOperationException for Microsoft Entra ID ({@code AuthType=azure...}) connection strings
   */
  public ServiceManager build() {
    ConnectionString connection = resolveConnection();
    String key = connection.accessKey().orElseThrow();
    AccessTokenIssuer issuer = AccessTokenIssuer.builder(key).build();
    OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
    String instanceId = instanceId();
    HttpClient userClient = httpClient;
    RestClient rest = userClient != null
        ? new RestClient(userClient, connection.serverEndpoint(), connection.audienceBase(), issuer, instanceId,
            restTimeout, retry, otel)
        : new RestClient(connection.serverEndpoint(), connection.audienceBase(), issuer, instanceId, restTimeout,
            retry, otel, restMaxConnections, restMaxQueuedRequests);
    ManagementTransport transport = new RestTransport(rest);
    if (transportType == ServiceTransportType.PERSISTENT) {
      // the WebSockets go through a JDK client (only REST calls use the SDK's own)
      HttpClient http = userClient != null ? userClient
          : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(RestClient.connectTimeout(restTimeout)).build();
      PersistentOptions options = new PersistentOptions(connectionCount, connectTimeout, ackTimeout,
          persistentConnection.toBuilder().serverId(instanceId).build());
      transport = new PersistentTransport(connection, issuer, instanceId, options, http, transport, otel);
    }
    return new ServiceManager(connection, applicationName, transport, transportType, connectTimeout,
        new PayloadEncoder(objectMapper != null ? objectMapper : HubProtocolOptions.newDefaultMapper()),
        new ClientTokens(connection, issuer, Clock.systemUTC()));
  }

  private ConnectionString resolveConnection() {
    ConnectionString connection;
    if (endpoint != null || accessKey != null) {
      if (endpoint == null || accessKey == null) {
        throw new IllegalStateException("Set both endpoint(...) and accessKey(...), or a connectionString(...).");
      }
      connection = ConnectionString.builder().endpoint(endpoint.toString()).accessKey(accessKey).version("1.0")
          .build();
    } else if (connectionString != null) {
      connection = connectionString;
    } else {
      throw new IllegalStateException("No SignalR service given: call connectionString(...), fromConfiguration(\"signalr\")"
          + " or endpoint(...) with accessKey(...).");
    }
    if (connection.authType().isIdentity() || connection.accessKey().isEmpty()) {
      throw new UnsupportedOperationException("The connection string for " + connection.endpoint() + " uses "
          + connection.authType().value().map(v -> "AuthType=" + v).orElse("no AccessKey")
          + " (Microsoft Entra ID), which hubbub-management does not support yet. Use a connection string with an"
          + " AccessKey: Endpoint=" + connection.endpoint() + ";AccessKey=<key>;Version=1.0; (Azure portal: Keys;"
          + " the emulator's key is " + ConnectionString.EMULATOR_ACCESS_KEY + ").");
    }
    return connection;
  }

  // the SDK's REST tokens carry "{MachineName}_{guid}" as nameid
  private static String instanceId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("COMPUTERNAME");
    }
    return (host == null || host.isBlank() ? "java" : host) + "_" + UUID.randomUUID().toString().replace("-", "");
  }
}
