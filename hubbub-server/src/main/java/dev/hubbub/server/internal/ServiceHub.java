package dev.hubbub.server.internal;

import org.jspecify.annotations.Nullable;
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
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportUser;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
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
  /** Query parameters of a negotiate request that the redirect does not carry on. */
  private static final Set<String> FORWARD_NOT = Set.of("negotiateversion", "access_token", "hub", "asrs.op",
      "asrs_request_id");
  private static final SecureRandom REQUEST_IDS = new SecureRandom();

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
   * @param path the hub's path ({@code /chat})
   * @param name the hub's name on the service ({@code ChatHub}); lower-cased and application-prefixed on the wire
   */
  public ServiceHub(String path, String name, AzureSignalROptions options, HubOptions hubOptions,
      HubSessionOptions sessionOptions, HttpClient http, ScheduledExecutorService scheduler, Executor callbacks,
      OpenTelemetry openTelemetry, Predicate<? super String> keepHeaders) {
    this.path = path;
    this.hubName = Audiences.hubName(options.applicationName(), name);
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
    this.clients = new ServiceClients(path, sessionOptions, keepHeaders);
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

  /**
   * Why clients cannot be served through the service now, or null when they can: no service connection is up,
   * with the last reason a connection ended (the service's refusal of the handshake, a network error).
   */
  public @Nullable String unhealthyReason() {
    if (isConnected()) {
      return null;
    }
    List<String> errors = pool.lastErrors();
    return "No connection of hub " + path + " (hub '" + hubName + "' on the SignalR service at "
        + connection.serverEndpoint() + ") is up" + (errors.isEmpty() ? " yet." : ": " + errors.get(errors.size() - 1));
  }

  // ---- negotiate

  /**
   * The Default-mode redirect: the client goes to the service's {@code /client/?hub=} with a client token
   * (user id as {@code asrs.s.uid} and {@code nameid}, the user's claims, and the sticky claims unless
   * sticky mode is Disabled).
   */
  public NegotiateResponse negotiate(NegotiateContext context) {
    String down = unhealthyReason();
    if (down != null) {
      // The SDK's answer when no server connection is up; the client would fail at the service anyway.
      log.debug("Negotiate for hub {} refused: {}", path, down);
      return NegotiateResponse.error("Azure SignalR Service is not connected yet, please try again later. " + down);
    }
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
    return NegotiateResponse.aspNetCoreRedirect(0, redirectUrl(context.request()), token);
  }

  /**
   * The client URL as Azure's server SDK writes it: the hub's {@link #clientUrl()}, {@code asrs.op} (the path
   * the client negotiated at, without {@code /negotiate}), the client's own query parameters (which the service
   * passes on to this server when the client connects), and a request id. {@code negotiateVersion} is left out
   * (the client adds it again) and so is {@code access_token} (a credential for this server, not the service).
   */
  String redirectUrl(TransportRequest request) {
    StringBuilder url = new StringBuilder(clientUrl());
    String path = request.path();
    if (path.endsWith("/negotiate")) {
      path = path.substring(0, path.length() - "/negotiate".length());
    }
    url.append("&asrs.op=").append(encode(path.isEmpty() ? "/" : path));
    String uri = request.uri();
    int q = uri.indexOf('?');
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&", -1)) {
        String name = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
        if (!pair.isEmpty() && !FORWARD_NOT.contains(name.toLowerCase(Locale.ROOT))) {
          url.append('&').append(pair);
        }
      }
    }
    byte[] id = new byte[12];
    REQUEST_IDS.nextBytes(id);
    return url.append("&asrs_request_id=").append(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
        .toString();
  }

  /** {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}. */
  String clientUrl() {
    String base = connection.clientEndpoint().toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/client/?hub=" + encode(hubName);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
