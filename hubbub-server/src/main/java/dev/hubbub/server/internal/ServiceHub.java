package dev.hubbub.server.internal;

import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.Audiences;
import dev.hubbub.protocol.auth.ClaimNames;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubException;
import dev.hubbub.server.HubOptions;
import dev.hubbub.server.ServerStickyMode;
import dev.hubbub.server.ServiceConnectionState;
import dev.hubbub.serviceconnection.AckTracker;
import dev.hubbub.serviceconnection.ServiceConnection;
import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import dev.hubbub.serviceconnection.ServiceConnectionHandler;
import dev.hubbub.serviceconnection.ServiceUrls;
import dev.hubbub.transport.NegotiateContext;
import dev.hubbub.transport.TransportUser;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub hosted behind the SignalR service in Default mode, assembled from its parts: the service connection
 * pool ({@link ServiceConnectionPool}), the clients multiplexed over it ({@link ServiceClients}), the lifetime
 * manager that turns sends into service messages ({@link ServiceLifetimeManager}), and the negotiate redirect.
 * It routes what the service sends to the part it is for.
 */
public final class ServiceHub implements ServiceConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");

  private final String path;
  private final String hubName;
  private final AzureSignalROptions options;
  private final ConnectionString connection;
  private final AccessTokenIssuer issuer;
  private final AckTracker acks;
  private final ServiceConnectionPool pool;
  private final ServiceClients clients;
  private final ServiceLifetimeManager lifetime;

  /**
   * @param path the hub's path ({@code /chat}); its last segment, lower-cased and application-prefixed, is the
   *     hub name on the service
   */
  public ServiceHub(String path, AzureSignalROptions options, HubOptions hubOptions,
      HubSessionOptions sessionOptions, HttpClient http, ScheduledExecutorService scheduler, Executor callbacks,
      OpenTelemetry openTelemetry) {
    this.path = path;
    String last = path.substring(path.lastIndexOf('/') + 1);
    this.hubName = Audiences.hubName(options.applicationName(), last.isEmpty() ? "hub" : last);
    this.options = options;
    this.connection = options.connectionString();
    this.issuer = AccessTokenIssuer.builder(connection).lifetime(options.accessTokenLifetime()).build();
    this.acks = new AckTracker(scheduler, callbacks);
    int maxMessageSize = hubOptions.maximumReceiveMessageSize();
    ServiceConnectionConfig config = ServiceConnectionConfig.builder().connectionType(ServerConnectionType.DEFAULT)
        .serverId(options.serverId()).userAgent("hubbub-server").handshakeTimeout(options.handshakeTimeout())
        .serviceTimeout(options.serviceTimeout()).keepAliveInterval(options.keepAliveInterval())
        .reconnectDelays(options.reconnectDelays()).reconnectJitter(options.reconnectJitter())
        .maxMessageSize(Math.max(1024 * 1024, maxMessageSize * 2 + 4096)).maxQueuedBytes(options.maxQueuedBytes())
        .build();
    this.pool = new ServiceConnectionPool(path, hubName, options.connectionCount(), config, this, http, scheduler,
        openTelemetry);
    this.clients = new ServiceClients(path, sessionOptions);
    HubProtocol json = HubProtocols.byName("json", sessionOptions.protocols()).orElseThrow();
    HubProtocol messagePack = HubProtocols.byName("messagepack", sessionOptions.protocols()).orElseThrow();
    this.lifetime = new ServiceLifetimeManager(pool, clients, acks, options.ackTimeout(), json, messagePack);
  }

  /** Where the hub's sends go when it is hosted behind the service. */
  public HubLifetimeManager lifetime() {
    return lifetime;
  }

  /** The hub's dispatch, which clients reach once their handshake is done; before {@link #start()}. */
  public void attach(HubDispatcher dispatcher) {
    clients.attach(dispatcher);
  }

  /** Dials every service connection. */
  public void start() {
    pool.start(clients::heartbeat);
    log.info("Hub {} connects to the SignalR service at {} as hub '{}' with {} connection(s), server id {}",
        path, connection.serverEndpoint(), hubName, pool.size(), options.serverId());
  }

  /**
   * Graceful stop: tells the service we go offline ({@code shutdown fin:0}), waits (at most
   * {@code waitMillis}) for its {@code finack}, closes the clients still here with a Close message that
   * allows them to reconnect, and closes the service connections.
   */
  public void stop(long waitMillis) {
    pool.finish(waitMillis);
    clients.closeAll();
    pool.stop();
    acks.failAll(() -> new HubException("The server is stopping."));
  }

  /** Each service connection's state, in index order. */
  public List<ServiceConnectionState> states() {
    return pool.states();
  }

  /** Whether at least one service connection is up. */
  public boolean isConnected() {
    return pool.connectedCount() > 0;
  }

  // ---- negotiate

  /**
   * The Default-mode redirect: the client goes to the service's {@code /client/?hub=} with a client token
   * (user id as {@code asrs.s.uid} and {@code nameid}, the user's claims, and the sticky claims unless
   * sticky mode is Disabled).
   */
  public NegotiateResponse negotiate(NegotiateContext context) {
    TransportUser user = context.user();
    TokenClaims.Builder claims = TokenClaims.builder();
    if (user.id() != null) {
      claims.userId(user.id());
    }
    if (options.serverStickyMode() != ServerStickyMode.DISABLED) {
      claims.system(ClaimNames.SERVER_NAME, options.serverId());
      claims.system(ClaimNames.SERVER_STICKY, options.serverStickyMode().wireName());
    }
    boolean hasNameId = false;
    for (Map.Entry<String, List<String>> e : user.claims().entrySet()) {
      if (e.getKey().startsWith(ClaimNames.SYSTEM_PREFIX)) {
        continue;
      }
      hasNameId |= e.getKey().equals(ClaimNames.NAME_ID);
      e.getValue().forEach(v -> claims.claim(e.getKey(), v));
    }
    String userId = user.id();
    if (userId != null && !hasNameId) {
      claims.nameId(userId);
    }
    String token = issuer.issue(Audiences.client(connection.audienceBase(), hubName), claims.build(),
        options.accessTokenLifetime());
    return NegotiateResponse.aspNetCoreRedirect(0, clientUrl(), token);
  }

  /** {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}. */
  String clientUrl() {
    String base = connection.clientEndpoint().toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/client/?hub="
        + URLEncoder.encode(hubName, StandardCharsets.UTF_8);
  }

  // ---- ServiceConnectionHandler

  /** {@code ws(s)://{ServerEndpoint}/server/?hub={hub}&cid={guid}}. */
  @Override
  public URI serverUrl() {
    return ServiceUrls.server(connection.serverEndpoint(), hubName);
  }

  @Override
  public String accessToken() {
    return issuer.issue(Audiences.server(connection.audienceBase(), hubName),
        TokenClaims.builder().nameId(options.serverId()).build(), options.accessTokenLifetime());
  }

  @Override
  public void connected(ServiceConnection connection) {
    stateChanged();
  }

  @Override
  public void lost(ServiceConnection connection, String why) {
    clients.carrierLost(connection);
    stateChanged();
  }

  @Override
  public void received(ServiceConnection connection, ServiceMessage message) {
    if (message instanceof OpenConnectionMessage open) {
      clients.open(connection, open);
    } else if (message instanceof ConnectionDataMessage data) {
      clients.data(data);
    } else if (message instanceof CloseConnectionMessage close) {
      clients.closed(close);
    } else if (message instanceof AckMessage ack) {
      acks.complete(ack);
    } else {
      log.debug("Service connection {}#{} ignores message type {}", hubName, connection.index(), message.type());
    }
  }

  private void stateChanged() {
    if (log.isDebugEnabled()) {
      log.debug("Hub {} service connections: {}", path, states());
    }
  }
}
