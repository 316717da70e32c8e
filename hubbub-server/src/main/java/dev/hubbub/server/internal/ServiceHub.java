package dev.hubbub.server.internal;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.Audiences;
import dev.hubbub.protocol.auth.ClaimNames;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.Claim;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubException;
import dev.hubbub.server.HubOptions;
import dev.hubbub.server.ServerStickyMode;
import dev.hubbub.server.ServiceConnectionState;
import dev.hubbub.serviceconnection.AckTracker;
import dev.hubbub.serviceconnection.ServiceConnection;
import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import dev.hubbub.serviceconnection.ServiceConnectionGroup;
import dev.hubbub.serviceconnection.ServiceConnectionHandler;
import dev.hubbub.serviceconnection.ServiceConnectionStatus;
import dev.hubbub.serviceconnection.ServiceUrls;
import dev.hubbub.transport.NegotiateContext;
import dev.hubbub.transport.TransportUser;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub hosted behind the SignalR service in Default mode: its {@code connectionCount} service
 * connections, the clients multiplexed over them, the group operations waiting for an Ack, the negotiate
 * redirect, and the service-protocol form of every send.
 */
public final class ServiceHub implements ServiceSends, ServiceConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");
  private static final String CLAIM_NAME_IDENTIFIER = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";
  private static final AttributeKey<String> HUB = AttributeKey.stringKey("rpc.service");

  private final String path;
  private final String hubName;
  private final HubDispatcher dispatcher;
  private final AzureSignalROptions options;
  private final HubOptions hubOptions;
  private final ConnectionString connection;
  private final AccessTokenIssuer issuer;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Executor callbacks;
  private final HubProtocol json;
  private final HubProtocol messagePack;
  private final int maxMessageSize;
  private final ServiceConnectionGroup connections;
  private final ServiceConnectionConfig connectionConfig;
  private final Map<String, ServiceClient> clients = new ConcurrentHashMap<>();
  private final AckTracker acks;
  private final ObservableLongGauge gauge;
  private volatile @Nullable ScheduledFuture<?> ticker;

  /**
   * @param path the hub's path ({@code /chat}); its last segment, lower-cased and application-prefixed, is the
   *     hub name on the service
   */
  public ServiceHub(String path, HubDispatcher dispatcher, AzureSignalROptions options, HubOptions hubOptions,
      HubProtocolOptions protocolOptions, HttpClient http, ScheduledExecutorService scheduler, Executor callbacks,
      OpenTelemetry openTelemetry) {
    this.path = path;
    String last = path.substring(path.lastIndexOf('/') + 1);
    this.hubName = Audiences.hubName(options.applicationName(), last.isEmpty() ? "hub" : last);
    this.dispatcher = dispatcher;
    this.options = options;
    this.hubOptions = hubOptions;
    this.connection = ConnectionString.parse(options.connectionString());
    this.issuer = AccessTokenIssuer.builder(connection).lifetime(options.accessTokenLifetime()).build();
    this.http = http;
    this.scheduler = scheduler;
    this.callbacks = callbacks;
    this.json = HubProtocols.byName("json", protocolOptions).orElseThrow();
    this.messagePack = HubProtocols.byName("messagepack", protocolOptions).orElseThrow();
    this.maxMessageSize = hubOptions.maximumReceiveMessageSize();
    this.acks = new AckTracker(scheduler, callbacks);
    ServiceConnectionConfig config = ServiceConnectionConfig.builder().connectionType(ServerConnectionType.DEFAULT)
        .serverId(options.serverId()).userAgent("hubbub-server").handshakeTimeout(options.handshakeTimeout())
        .serviceTimeout(options.serviceTimeout()).keepAliveInterval(options.keepAliveInterval())
        .reconnectDelays(options.reconnectDelays()).reconnectJitter(options.reconnectJitter())
        .maxMessageSize(maxServiceMessageSize()).maxQueuedBytes(options.maxQueuedBytes()).build();
    this.connectionConfig = config;
    Attributes attributes = Attributes.of(HUB, path);
    this.connections = ServiceConnectionGroup.of(options.connectionCount(), i -> new ServiceConnection(hubName, i,
        config, this, http, scheduler, openTelemetry.getTracer(Telemetry.SCOPE), attributes, log));
    this.gauge = openTelemetry.getMeter(Telemetry.SCOPE).gaugeBuilder("hubbub.server.service.connections")
        .ofLongs().setDescription("Connections to the SignalR service that are up").setUnit("{connection}")
        .buildWithCallback(m -> m.record(connectedCount(), attributes));
  }

  /** Routes the hub's sends through the service and dials every service connection. */
  public void start() {
    dispatcher.sendThroughService(this);
    connections.connectAll();
    long period = connectionConfig.tickPeriod().toMillis();
    ticker = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    log.info("Hub {} connects to the SignalR service at {} as hub '{}' with {} connection(s), server id {}",
        path, connection.serverEndpoint(), hubName, connections.connections().size(), options.serverId());
  }

  /**
   * Graceful stop: tells the service we go offline ({@code shutdown fin:0}), waits (at most
   * {@code waitMillis}) for its {@code finack}, closes the clients still here with a Close message that
   * allows them to reconnect, and closes the service connections.
   */
  public void stop(long waitMillis) {
    ScheduledFuture<?> t = ticker;
    if (t != null) {
      t.cancel(false);
    }
    List<CompletableFuture<Void>> fins = new ArrayList<>();
    for (ServiceConnection c : connections.connections()) {
      if (c.sendFin()) {
        fins.add(c.finAck());
      }
    }
    try {
      CompletableFuture.allOf(fins.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("Hub {}: not every service connection acknowledged the shutdown in time", path);
    }
    for (ServiceClient c : List.copyOf(clients.values())) {
      c.close(null, true);
    }
    connections.stopAll();
    gauge.close();
    acks.failAll(() -> new HubException("The server is stopping."));
  }

  /** Each service connection's state, in index order. */
  public List<ServiceConnectionState> states() {
    List<ServiceConnectionState> list = new ArrayList<>();
    connections.statuses().forEach(s -> list.add(ServiceConnectionState.valueOf(s.name())));
    return list;
  }

  /** Whether at least one service connection is up. */
  public boolean isConnected() {
    return connectedCount() > 0;
  }

  private long connectedCount() {
    return connections.connectedCount();
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
    if (user.id() != null && !hasNameId) {
      claims.nameId(user.id());
    }
    String token = issuer.issue(Audiences.client(connection.audienceBase(), hubName), claims.build(),
        options.accessTokenLifetime());
    return NegotiateResponse.aspNetCoreRedirect(0, clientUrl(), token);
  }

  /** {@code {ClientEndpoint or Endpoint}/client/?hub={hub}}. */
  String clientUrl() {
    return trimSlash(connection.clientEndpoint().toString()) + "/client/?hub=" + encode(hubName);
  }

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

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- accessors for connections and clients

  String hubName() {
    return hubName;
  }

  HubDispatcher dispatcher() {
    return dispatcher;
  }

  int maxMessageSize() {
    return maxMessageSize;
  }

  int maxServiceMessageSize() {
    return Math.max(1024 * 1024, maxMessageSize * 2 + 4096);
  }

  @Nullable HubProtocol protocol(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "json":
        return json;
      case "messagepack":
        return messagePack;
      default:
        return null;
    }
  }

  private void stateChanged() {
    if (log.isDebugEnabled()) {
      log.debug("Hub {} service connections: {}", path, states());
    }
  }

  private void tick() {
    long now = System.nanoTime();
    try {
      connections.tick(now);
      long keepAlive = hubOptions.keepAliveInterval().toNanos();
      clients.values().forEach(c -> c.keepAlive(now, keepAlive));
    } catch (RuntimeException e) {
      log.warn("Hub {}: service keep-alive check failed", path, e);
    }
  }

  // ---- from the service

  @Override
  public void connected(ServiceConnection connection) {
    stateChanged();
  }

  @Override
  public void lost(ServiceConnection connection, String why) {
    connectionLost(connection);
    stateChanged();
  }

  @Override
  public void received(ServiceConnection connection, ServiceMessage message) {
    if (message instanceof OpenConnectionMessage open) {
      open(connection, open);
    } else if (message instanceof ConnectionDataMessage data) {
      data(data);
    } else if (message instanceof CloseConnectionMessage close) {
      closed(close);
    } else if (message instanceof AckMessage ack) {
      acks.complete(ack);
    } else {
      log.debug("Service connection {}#{} ignores message type {}", hubName, connection.index(), message.type());
    }
  }

  void open(ServiceConnection carrier, OpenConnectionMessage open) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    String uid = null;
    for (Claim c : open.claims()) {
      String type = c.type();
      if (type.equals(ClaimNames.USER_ID)) {
        uid = c.value();
        continue;
      }
      if (type.startsWith(ClaimNames.SYSTEM_PREFIX) || type.equals("aud") || type.equals("exp")
          || type.equals("iat") || type.equals("nbf")) {
        continue;
      }
      if (type.startsWith(ClaimNames.USER_PREFIX)) {
        type = type.substring(ClaimNames.USER_PREFIX.length());
      }
      claims.computeIfAbsent(type, k -> new ArrayList<>()).add(c.value());
    }
    if (uid == null) {
      for (String type : List.of(ClaimNames.NAME_ID, ClaimNames.SUBJECT, CLAIM_NAME_IDENTIFIER)) {
        List<String> v = claims.get(type);
        if (v != null && !v.isEmpty()) {
          uid = v.get(0);
          break;
        }
      }
    }
    boolean migrated = open.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Asrs-Migrate-From"));
    ServiceClient client = new ServiceClient(this, carrier, open.connectionId(), uid, claims,
        open.extensions().protocol(), migrated);
    ServiceClient previous = clients.put(open.connectionId(), client);
    if (previous != null) {
      previous.gone("replaced by a new connection with the same id");
    }
    log.debug("Client {} opened on service connection {}#{}", open.connectionId(), hubName, carrier.index());
  }

  void data(ConnectionDataMessage data) {
    ServiceClient client = clients.get(data.connectionId());
    if (client == null) {
      log.debug("Data for unknown client {} dropped", data.connectionId());
      return;
    }
    client.received(data.payload());
  }

  void closed(CloseConnectionMessage close) {
    ServiceClient client = clients.get(close.connectionId());
    if (client != null) {
      log.debug("Client {} closed by the service{}", close.connectionId(),
          close.errorMessage().isEmpty() ? "" : ": " + close.errorMessage());
      client.gone(close.errorMessage());
    }
  }

  void connectionLost(ServiceConnection lost) {
    for (ServiceClient c : List.copyOf(clients.values())) {
      if (c.carrier == lost) {
        c.gone("The connection to the SignalR service was lost.");
      }
    }
  }

  void removed(ServiceClient client) {
    clients.remove(client.connectionId, client);
  }

  // ---- ServiceSends

  private Payloads payloads(InvocationMessage message) {
    return Payloads.of(json.name(), json.write(message), messagePack.name(), messagePack.write(message));
  }

  private CompletableFuture<Void> send(@Nullable ServiceConnection via, ServiceMessage message) {
    ServiceConnection c = via != null && via.status() == ServiceConnectionStatus.CONNECTED ? via
        : connections.firstConnected();
    if (c == null || !c.send(message)) {
      return CompletableFuture.failedFuture(new HubException("Hub " + path
          + " has no connection to the SignalR service; the message was not sent."));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> all(Collection<String> excluded, InvocationMessage message) {
    return send(null, new BroadcastDataMessage(List.copyOf(excluded), payloads(message)));
  }

  @Override
  public CompletableFuture<Void> connections(Collection<String> connectionIds, InvocationMessage message) {
    ServiceConnection via = null;
    if (connectionIds.size() == 1) {
      ServiceClient local = clients.get(connectionIds.iterator().next());
      via = local == null ? null : local.carrier;
    }
    return send(via, new MultiConnectionDataMessage(List.copyOf(connectionIds), payloads(message)));
  }

  @Override
  public CompletableFuture<Void> group(String group, Collection<String> excluded, InvocationMessage message) {
    return send(null, new GroupBroadcastDataMessage(group, List.copyOf(excluded), payloads(message)));
  }

  @Override
  public CompletableFuture<Void> groups(Collection<String> groups, InvocationMessage message) {
    return send(null, new MultiGroupBroadcastDataMessage(List.copyOf(groups), payloads(message)));
  }

  @Override
  public CompletableFuture<Void> user(String userId, InvocationMessage message) {
    return send(null, new UserDataMessage(userId, payloads(message)));
  }

  @Override
  public CompletableFuture<Void> users(Collection<String> userIds, InvocationMessage message) {
    return send(null, new MultiUserDataMessage(List.copyOf(userIds), payloads(message)));
  }

  @Override
  public CompletableFuture<Void> addToGroup(String connectionId, String group) {
    return withAck(connectionId, id -> new JoinGroupWithAckMessage(connectionId, group, id), "add", group);
  }

  @Override
  public CompletableFuture<Void> removeFromGroup(String connectionId, String group) {
    return withAck(connectionId, id -> new LeaveGroupWithAckMessage(connectionId, group, id), "remove", group);
  }

  private CompletableFuture<Void> withAck(String connectionId, java.util.function.IntFunction<ServiceMessage> message,
      String op, String group) {
    long timeout = options.ackTimeout().toMillis();
    AckTracker.Pending pending = acks.expect(options.ackTimeout(), () -> new HubException("The SignalR service did "
        + "not acknowledge the " + op + " of connection '" + connectionId + "' to group '" + group + "' within "
        + timeout + " ms."));
    ServiceClient local = clients.get(connectionId);
    CompletableFuture<Void> sent = send(local == null ? null : local.carrier, message.apply(pending.id()));
    if (sent.isCompletedExceptionally()) {
      acks.cancel(pending);
      return sent;
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    pending.future().whenComplete((ack, failure) -> {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else if (ack.status() != 1) {
        result.completeExceptionally(new HubException("The SignalR service refused the group operation (ack status "
            + ack.status() + (ack.message().isEmpty() ? "" : ": " + ack.message()) + ")."));
      } else {
        result.complete(null);
      }
    });
    return result;
  }
}
