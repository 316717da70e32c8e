package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRConnectionException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.Audiences;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.CheckConnectionExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckGroupExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserInGroupWithAckMessage;
import dev.hubbub.protocol.service.CloseConnectionWithAckMessage;
import dev.hubbub.protocol.service.CloseConnectionsWithAckMessage;
import dev.hubbub.protocol.service.CloseGroupConnectionsWithAckMessage;
import dev.hubbub.protocol.service.CloseUserConnectionsWithAckMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.protocol.service.UserJoinGroupWithAckMessage;
import dev.hubbub.protocol.service.UserLeaveGroupWithAckMessage;
import dev.hubbub.serviceconnection.ServiceConnection;
import dev.hubbub.serviceconnection.ServiceConnectionHandler;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official SDK's persistent mode: every operation is a service-protocol message over WebSockets of
 * connection type Weak ({@code /server/?hub=}), {@code connectionCount} per hub, opened when the first hub
 * context of that hub is created and closed with the last one. Sends complete once queued on a connected
 * socket; group changes, checks and closes complete on the service's Ack (10 s timeout). With no connection
 * up an operation fails at once with {@link SignalRConnectionException}; the connections redial by
 * themselves with the SDK backoff. Health checks stay REST.
 *
 * <p>Threads: one scheduler thread (keep-alive ticks, redials, Ack timeouts) and a small daemon pool that
 * completes the futures of acknowledged operations; both end with {@link #close()}.
 */
public final class PersistentTransport implements ManagementTransport {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.management.persistent");
  private static final AttributeKey<String> HUB = AttributeKey.stringKey("rpc.service");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("signalr.operation");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> CONNECTION_TYPE = AttributeKey.stringKey("signalr.connection.type");
  private static final String SCOPE = "dev.hubbub.management";

  private final ConnectionString connection;
  private final AccessTokenIssuer issuer;
  private final String serverId;
  private final PersistentOptions options;
  private final HttpClient http;
  private final ManagementTransport health;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService callbacks;
  private final Tracer tracer;
  private final ObservableLongGauge gauge;
  private final ScheduledFuture<?> ticker;
  // guarded by this
  private final Map<String, PersistentHub> hubs = new HashMap<>();
  private volatile boolean closed;

  /**
   * @param serverId the {@code X-ASRS-Server-Id} and token {@code nameid} of this manager's connections
   * @param health answers {@link #isServiceHealthy()} (the REST transport)
   */
  public PersistentTransport(ConnectionString connection, AccessTokenIssuer issuer, String serverId,
      PersistentOptions options, HttpClient http, ManagementTransport health, OpenTelemetry openTelemetry) {
    this.connection = connection;
    this.issuer = issuer;
    this.serverId = serverId;
    this.options = options;
    this.http = http;
    this.health = health;
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("hubbub-management-persistent"));
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    this.callbacks = Executors.newCachedThreadPool(daemon("hubbub-management-acks"));
    this.tracer = openTelemetry.getTracer(SCOPE);
    this.gauge = openTelemetry.getMeter(SCOPE).gaugeBuilder("hubbub.management.service.connections").ofLongs()
        .setDescription("Persistent (Weak) connections to the SignalR service that are up").setUnit("{connection}")
        .buildWithCallback(m -> {
          for (PersistentHub h : snapshot()) {
            m.record(h.connectedCount(), Attributes.of(HUB, h.hub.serviceHubName()));
          }
        });
    long period = options.connection().tickPeriod().toMillis();
    this.ticker = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  PersistentOptions options() {
    return options;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ExecutorService callbacks() {
    return callbacks;
  }

  URI serverEndpoint() {
    return connection.serverEndpoint();
  }

  String serverToken(HubRef hub) {
    return issuer.issue(Audiences.server(connection.audienceBase(), hub.serviceHubName()),
        TokenClaims.builder().nameId(serverId).build(), Duration.ofHours(1));
  }

  ServiceConnection newConnection(HubRef hub, int index, ServiceConnectionHandler handler) {
    return new ServiceConnection(hub.serviceHubName(), index, options.connection(), handler, http, scheduler, tracer,
        Attributes.of(HUB, hub.serviceHubName(), CONNECTION_TYPE, "weak"), log);
  }

  private synchronized List<PersistentHub> snapshot() {
    return List.copyOf(hubs.values());
  }

  private void tick() {
    long now = System.nanoTime();
    try {
      snapshot().forEach(h -> h.tick(now));
    } catch (RuntimeException e) {
      log.warn("Persistent connections: keep-alive check failed", e);
    }
  }

  // ---- hub lifecycle

  @Override
  public CompletableFuture<Void> openHub(HubRef hub) {
    PersistentHub h;
    boolean created = false;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new SignalRConnectionException("The ServiceManager is closed; hub '"
            + hub.serviceHubName() + "' cannot be opened. Build a new ServiceManager.", 0, null, null, null, null));
      }
      h = hubs.get(hub.serviceHubName());
      if (h == null) {
        h = new PersistentHub(hub, this);
        hubs.put(hub.serviceHubName(), h);
        created = true;
      }
      h.references++;
    }
    if (created) {
      log.info("Hub {}: opening {} persistent connection(s) to {}", hub.serviceHubName(), options.connectionCount(),
          connection.serverEndpoint());
      h.start();
    }
    return h.firstConnected();
  }

  /** Why the first connection of {@code hub} is not up yet, for the timeout message. */
  public String describe(HubRef hub) {
    PersistentHub h;
    synchronized (this) {
      h = hubs.get(hub.serviceHubName());
    }
    return h == null ? "not open" : h.describe();
  }

  @Override
  public void closeHub(HubRef hub) {
    PersistentHub h;
    synchronized (this) {
      h = hubs.get(hub.serviceHubName());
      if (h == null || --h.references > 0) {
        return;
      }
      hubs.remove(hub.serviceHubName());
    }
    log.info("Hub {}: closing its persistent connection(s)", hub.serviceHubName());
    h.close();
  }

  @Override
  public void close() {
    List<PersistentHub> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = List.copyOf(hubs.values());
      hubs.clear();
    }
    all.forEach(PersistentHub::close);
    ticker.cancel(false);
    gauge.close();
    scheduler.shutdownNow();
    callbacks.shutdown();
    health.close();
  }

  private PersistentHub hub(HubRef hub) {
    synchronized (this) {
      PersistentHub h = hubs.get(hub.serviceHubName());
      if (h != null) {
        return h;
      }
    }
    throw new SignalRConnectionException(closed
        ? "The ServiceManager is closed, so hub '" + hub.serviceHubName() + "' cannot be used: build a new one."
        : "Hub '" + hub.serviceHubName() + "' has no open hub context: create one with "
            + "ServiceManager.createHubContext.", 0, null, null, null, null);
  }

  // ---- operations

  private CompletableFuture<Void> send(String operation, HubRef hub, Supplier<ServiceMessage> message) {
    Span span = span(operation, hub);
    CompletableFuture<Void> result;
    try {
      result = hub(hub).send(operation, message.get());
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return ended(span, result);
  }

  private CompletableFuture<Boolean> withAck(String operation, HubRef hub, Supplier<String> what,
      IntFunction<ServiceMessage> message) {
    Span span = span(operation, hub);
    CompletableFuture<Boolean> result;
    try {
      result = hub(hub).sendWithAck(operation, what, message);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return ended(span, result);
  }

  /** Ok or NotFound are both fine (an unknown connection or user is not an error here). */
  private CompletableFuture<Void> tolerant(String operation, HubRef hub, Supplier<String> what,
      IntFunction<ServiceMessage> message) {
    return withAck(operation, hub, what, message).thenApply(found -> null);
  }

  private Span span(String operation, HubRef hub) {
    return tracer.spanBuilder("signalr " + operation).setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION, operation).setAttribute(HUB, hub.serviceHubName())
        .setAttribute(CONNECTION_TYPE, "weak").startSpan();
  }

  private static <T> CompletableFuture<T> ended(Span span, CompletableFuture<T> result) {
    return result.whenComplete((v, e) -> {
      if (e != null) {
        Throwable cause = Futures.unwrap(e);
        span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
      }
      span.end();
    });
  }

  @Override
  public CompletableFuture<Void> sendToAll(HubRef hub, List<String> excluded, EncodedMessage message) {
    return send("SendToAll", hub, () -> new BroadcastDataMessage(excluded, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToUser(HubRef hub, String userId, EncodedMessage message) {
    return send("SendToUser", hub, () -> new UserDataMessage(userId, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToUsers(HubRef hub, List<String> userIds, EncodedMessage message) {
    return send("SendToUsers", hub, () -> new MultiUserDataMessage(userIds, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToGroup(HubRef hub, String group, List<String> excluded, EncodedMessage message) {
    return send("SendToGroup", hub, () -> new GroupBroadcastDataMessage(group, excluded, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToGroups(HubRef hub, List<String> groups, EncodedMessage message) {
    return send("SendToGroups", hub, () -> new MultiGroupBroadcastDataMessage(groups, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToConnection(HubRef hub, String connectionId, EncodedMessage message) {
    // MultiConnectionData with one id, as the SDK: ConnectionData would be taken for a client's own stream
    return send("SendToConnection", hub,
        () -> new MultiConnectionDataMessage(List.of(connectionId), MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> sendToConnections(HubRef hub, List<String> connectionIds, EncodedMessage message) {
    return send("SendToConnections", hub,
        () -> new MultiConnectionDataMessage(connectionIds, MessagePayloads.of(message)));
  }

  @Override
  public CompletableFuture<Void> addConnectionToGroup(HubRef hub, String group, String connectionId) {
    return tolerant("AddConnectionToGroup", hub, () -> "connection '" + connectionId + "', group '" + group + "'",
        id -> new JoinGroupWithAckMessage(connectionId, group, id));
  }

  @Override
  public CompletableFuture<Void> removeConnectionFromGroup(HubRef hub, String group, String connectionId) {
    return tolerant("RemoveConnectionFromGroup", hub, () -> "connection '" + connectionId + "', group '" + group + "'",
        id -> new LeaveGroupWithAckMessage(connectionId, group, id));
  }

  @Override
  public CompletableFuture<Void> removeConnectionFromAllGroups(HubRef hub, String connectionId) {
    return tolerant("RemoveConnectionFromAllGroups", hub, () -> "connection '" + connectionId + "'",
        id -> new LeaveGroupWithAckMessage(connectionId, null, id));
  }

  @Override
  public CompletableFuture<Void> addUserToGroup(HubRef hub, String userId, String group, @Nullable Duration ttl) {
    MessageExtensions ext = MessageExtensions.NONE;
    if (ttl != null) {
      // whole seconds rounded up, as the REST transport, so a sub-second TTL does not become 0
      long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
      ext = ext.withTtl((int) Math.min(Integer.MAX_VALUE, seconds));
    }
    MessageExtensions extensions = ext;
    return tolerant("AddUserToGroup", hub, () -> "user '" + userId + "', group '" + group + "'",
        id -> new UserJoinGroupWithAckMessage(userId, group, id, extensions));
  }

  @Override
  public CompletableFuture<Void> removeUserFromGroup(HubRef hub, String userId, String group) {
    return tolerant("RemoveUserFromGroup", hub, () -> "user '" + userId + "', group '" + group + "'",
        id -> new UserLeaveGroupWithAckMessage(userId, group, id));
  }

  @Override
  public CompletableFuture<Void> removeUserFromAllGroups(HubRef hub, String userId) {
    return tolerant("RemoveUserFromAllGroups", hub, () -> "user '" + userId + "'",
        id -> new UserLeaveGroupWithAckMessage(userId, null, id));
  }

  @Override
  public CompletableFuture<Boolean> isUserInGroup(HubRef hub, String userId, String group) {
    return withAck("IsUserInGroup", hub, () -> "user '" + userId + "', group '" + group + "'",
        id -> new CheckUserInGroupWithAckMessage(userId, group, id));
  }

  @Override
  public CompletableFuture<Void> closeConnection(HubRef hub, String connectionId, @Nullable String reason) {
    return tolerant("CloseConnection", hub, () -> "connection '" + connectionId + "'",
        id -> new CloseConnectionWithAckMessage(connectionId, reason, id));
  }

  @Override
  public CompletableFuture<Void> closeUserConnections(HubRef hub, String userId, List<String> excluded,
      @Nullable String reason) {
    return tolerant("CloseUserConnections", hub, () -> "user '" + userId + "'",
        id -> new CloseUserConnectionsWithAckMessage(userId, reason, id, excluded, MessageExtensions.NONE));
  }

  @Override
  public CompletableFuture<Void> closeGroupConnections(HubRef hub, String group, List<String> excluded,
      @Nullable String reason) {
    return tolerant("CloseGroupConnections", hub, () -> "group '" + group + "'",
        id -> new CloseGroupConnectionsWithAckMessage(group, reason, id, excluded, MessageExtensions.NONE));
  }

  @Override
  public CompletableFuture<Void> closeAllConnections(HubRef hub, List<String> excluded, @Nullable String reason) {
    return tolerant("CloseAllConnections", hub, () -> "all connections",
        id -> new CloseConnectionsWithAckMessage(reason, id, excluded, MessageExtensions.NONE));
  }

  @Override
  public CompletableFuture<Boolean> connectionExists(HubRef hub, String connectionId) {
    return withAck("ConnectionExists", hub, () -> "connection '" + connectionId + "'",
        id -> new CheckConnectionExistenceWithAckMessage(connectionId, id));
  }

  @Override
  public CompletableFuture<Boolean> userExists(HubRef hub, String userId) {
    return withAck("UserExists", hub, () -> "user '" + userId + "'",
        id -> new CheckUserExistenceWithAckMessage(userId, id));
  }

  @Override
  public CompletableFuture<Boolean> groupExists(HubRef hub, String group) {
    return withAck("GroupExists", hub, () -> "group '" + group + "'",
        id -> new CheckGroupExistenceWithAckMessage(group, id));
  }

  @Override
  public CompletableFuture<Boolean> isServiceHealthy() {
    return health.isServiceHealthy();
  }
}
