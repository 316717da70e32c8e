package dev.hubbub.server.redis.internal;

import dev.hubbub.core.HubConnectionStore;
import dev.hubbub.core.HubSession;
import dev.hubbub.core.LocalHubLifetimeManager;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.ClientResultException;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.server.redis.RedisBackplaneException;
import dev.hubbub.server.redis.RedisLink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub's lifetime manager over Redis, speaking ASP.NET Core's Redis backplane format: this server's
 * connections live in a {@link LocalHubLifetimeManager}; sends are published on the hub's channels and every
 * server (this one included, through its own subscription) delivers to the connections it holds. A send to
 * connections of this server alone skips Redis. While Redis is unreachable, a send reaches this server's
 * connections directly and its future fails with a {@link RedisBackplaneException}, so nothing is lost silently
 * and nothing is delivered twice.
 *
 * <p>Group membership lives with the server that owns the connection (as in ASP.NET Core); a change for another
 * server's connection is a group command that the owner acknowledges, bounded by the ack timeout, and answered at
 * once with "not found" when no server subscribes to that connection. A client result for another server's
 * connection is an invocation carrying a return channel; it fails within about two owner-check intervals when no
 * server holds the connection any more.
 */
public final class RedisHubLifetimeManager implements HubLifetimeManager {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.redis");
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final AtomicInteger ACK_IDS = new AtomicInteger();

  private final LocalHubLifetimeManager local;
  private final HubConnectionStore store;
  private final RedisLink redis;
  private final RedisChannels channels;
  private final String serverName;
  private final String hubName;
  private final List<HubProtocol> protocols;
  private final Duration ackTimeout;
  private final ScheduledExecutorService timer;
  private final ScheduledFuture<?> ownerChecks;

  // connection id -> groups it joined here, for the group channels' reference counts
  private final Map<String, Set<String>> memberships = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<Boolean>> pendingAcks = new ConcurrentHashMap<>();
  // client results this server asked of other servers' connections
  private final Map<String, RemoteResult> remoteResults = new ConcurrentHashMap<>();
  // client results other servers asked of this server's connections: invocation id -> where the answer goes
  private final Map<String, Forwarded> forwarded = new ConcurrentHashMap<>();

  private static final class RemoteResult {
    final String connectionId;
    final CompletableFuture<CompletionMessage> future;
    // Timer thread only.
    int missedChecks;

    RemoteResult(String connectionId, CompletableFuture<CompletionMessage> future) {
      this.connectionId = connectionId;
      this.future = future;
    }
  }

  private record Forwarded(String connectionId, String returnChannel) {}

  public RedisHubLifetimeManager(LocalHubLifetimeManager local, RedisLink redis, String channelPrefix,
      String hubName, String serverName, HubProtocolOptions protocolOptions, Duration ackTimeout,
      Duration ownerCheckInterval, ScheduledExecutorService timer) {
    this.local = local;
    this.store = local.store();
    this.redis = redis;
    this.hubName = hubName;
    this.channels = RedisChannels.of(channelPrefix, hubName);
    this.serverName = serverName;
    this.protocols = List.of(HubProtocols.byName("json", protocolOptions).orElseThrow(),
        HubProtocols.byName("messagepack", protocolOptions).orElseThrow());
    this.ackTimeout = ackTimeout;
    this.timer = timer;
    long every = ownerCheckInterval.toMillis();
    this.ownerChecks = timer.scheduleWithFixedDelay(this::checkOwners, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Subscribes to the hub's server-wide channels; completes when Redis confirmed them.
   */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        redis.acquire(channels.all(), this::onAll),
        redis.acquire(channels.groupManagement(), this::onGroupCommand),
        redis.acquire(channels.ack(serverName), this::onAck),
        redis.acquire(channels.returnResults(serverName), this::onCompletion));
  }

  /** Unsubscribes the server-wide channels. */
  public void stop() {
    ownerChecks.cancel(false);
    redis.release(channels.all());
    redis.release(channels.groupManagement());
    redis.release(channels.ack(serverName));
    redis.release(channels.returnResults(serverName));
    RedisBackplaneException stopped = new RedisBackplaneException("The Redis backplane stopped");
    pendingAcks.values().forEach(f -> f.completeExceptionally(stopped));
    remoteResults.values().forEach(r -> r.future.completeExceptionally(stopped));
  }

  /** The hub's channel names. */
  public RedisChannels channels() {
    return channels;
  }

  // ---- connections

  @Override
  public void onConnected(HubSession session) {
    local.onConnected(session);
    String connectionId = session.connectionId();
    redis.acquire(channels.connection(connectionId), bytes -> onConnectionMessage(connectionId, bytes));
    String user = session.userId();
    if (user != null) {
      redis.acquire(channels.user(user), bytes -> onUserMessage(user, bytes));
    }
  }

  @Override
  public void onDisconnected(HubSession session) {
    String connectionId = session.connectionId();
    Set<String> groups = memberships.remove(connectionId);
    local.onDisconnected(session);
    if (groups != null) {
      groups.forEach(g -> redis.release(channels.group(g)));
    }
    redis.release(channels.connection(connectionId));
    String user = session.userId();
    if (user != null) {
      redis.release(channels.user(user));
    }
    HubProtocol protocol = session.protocol();
    List<String> owed = new ArrayList<>();
    forwarded.forEach((invocationId, f) -> {
      if (f.connectionId().equals(connectionId)) {
        owed.add(invocationId);
      }
    });
    for (String invocationId : owed) {
      Forwarded f = forwarded.remove(invocationId);
      if (f != null && protocol != null) {
        publishCompletion(f, protocol, CompletionMessage.withError(invocationId, "Connection disconnected."));
      }
    }
  }

  // ---- sends

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    if (target instanceof SendTarget.Connections c) {
      return sendConnections(c.connectionIds(), message);
    }
    if (!redis.isConnected()) {
      // Nothing goes to Redis, so nothing comes back through it: this server's connections get it directly.
      local.send(target, message);
      return CompletableFuture.failedFuture(unreachable("send to " + SendTarget.describe(target)
          + " reached this server's connections only"));
    }
    byte[] payload;
    List<String> targets = new ArrayList<>();
    if (target instanceof SendTarget.All all) {
      payload = invocation(all.excludedConnections(), message, null, null);
      targets.add(channels.all());
    } else if (target instanceof SendTarget.Groups groups) {
      if (!groups.excludedUsers().isEmpty()) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("A group send that excludes "
            + "users cannot cross servers: ASP.NET Core's Redis format has no excluded users"));
      }
      payload = invocation(groups.excludedConnections(), message, null, null);
      groups.groups().forEach(g -> targets.add(channels.group(g)));
    } else {
      SendTarget.Users users = (SendTarget.Users) target;
      payload = invocation(users.excludedConnections(), message, null, null);
      users.userIds().forEach(u -> targets.add(channels.user(u)));
    }
    return publishAll(targets, payload, SendTarget.describe(target));
  }

  /** Connections of this server get it directly; each other one is published on its own channel. */
  private CompletableFuture<Void> sendConnections(Set<String> connectionIds, OutboundMessage message) {
    List<String> remote = new ArrayList<>();
    List<String> here = new ArrayList<>();
    for (String id : connectionIds) {
      (store.connection(id) != null ? here : remote).add(id);
    }
    if (!here.isEmpty()) {
      local.send(SendTarget.connections(here), message);
    }
    if (remote.isEmpty()) {
      return DONE;
    }
    if (!redis.isConnected()) {
      return CompletableFuture.failedFuture(unreachable("send to connections " + remote
          + " on other servers did not leave this server"));
    }
    byte[] payload = invocation(List.of(), message, null, null);
    List<String> targets = new ArrayList<>();
    remote.forEach(id -> targets.add(channels.connection(id)));
    return publishAll(targets, payload, "connections " + remote);
  }

  private CompletableFuture<Void> publishAll(List<String> targets, byte[] payload, String what) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[targets.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = redis.publish(targets.get(i), payload);
    }
    return CompletableFuture.allOf(all).handle((v, e) -> {
      if (e != null) {
        throw new RedisBackplaneException("Publishing the send to " + what + " of hub " + hubName + " on Redis at "
            + redis.maskedUri() + " failed: " + RedisLink.safeMessage(e) + "; it may not have reached other servers",
            e);
      }
      return null;
    });
  }

  /** The message framed once per protocol (JSON first, as ASP.NET Core registers it), in an invocation payload. */
  private byte[] invocation(Collection<String> excluded, OutboundMessage message, @Nullable String invocationId,
      @Nullable String returnChannel) {
    Map<String, byte[]> framed = new LinkedHashMap<>();
    for (HubProtocol p : protocols) {
      message.bytes(p).ifPresent(b -> framed.put(p.name(), b));
    }
    return RedisProtocol.writeInvocation(excluded, framed, invocationId, returnChannel);
  }

  // ---- what arrives from Redis (Lettuce's event loop: no blocking here)

  private void onAll(byte[] bytes) {
    RedisProtocol.Invocation inv = RedisProtocol.readInvocation(bytes);
    deliver(SendTarget.allExcept(inv.excludedConnectionIds()), inv);
  }

  private void onGroupMessage(String group, byte[] bytes) {
    RedisProtocol.Invocation inv = RedisProtocol.readInvocation(bytes);
    deliver(SendTarget.groupExcept(group, inv.excludedConnectionIds()), inv);
  }

  private void onUserMessage(String user, byte[] bytes) {
    RedisProtocol.Invocation inv = RedisProtocol.readInvocation(bytes);
    deliver(SendTarget.user(user).except(inv.excludedConnectionIds()), inv);
  }

  private void onConnectionMessage(String connectionId, byte[] bytes) {
    RedisProtocol.Invocation inv = RedisProtocol.readInvocation(bytes);
    if (inv.excludedConnectionIds().contains(connectionId)) {
      return;
    }
    String invocationId = inv.invocationId();
    String returnChannel = inv.returnChannel();
    if (invocationId != null && returnChannel != null) {
      if (store.connection(connectionId) == null) {
        return;
      }
      forwarded.put(invocationId, new Forwarded(connectionId, returnChannel));
    }
    deliver(SendTarget.connection(connectionId), inv);
  }

  private void deliver(SendTarget target, RedisProtocol.Invocation inv) {
    OutboundMessage message = OutboundMessage.preEncoded(inv.framedByProtocol());
    try {
      local.send(target, message);
    } finally {
      message.release();
    }
  }

  // ---- groups

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    if (store.connection(connectionId) != null) {
      return addLocal(connectionId, group);
    }
    return remoteGroupCommand(RedisProtocol.ADD, connectionId, group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    if (store.connection(connectionId) != null) {
      removeLocal(connectionId, group);
      return CompletableFuture.completedFuture(true);
    }
    return remoteGroupCommand(RedisProtocol.REMOVE, connectionId, group);
  }

  /**
   * Joins locally and holds the group channel; completes once Redis confirmed the subscription (or could not:
   * then the member still gets this server's sends, and other servers' once Lettuce has subscribed again).
   */
  private CompletableFuture<Boolean> addLocal(String connectionId, String group) {
    if (!store.addToGroup(connectionId, group)) {
      return CompletableFuture.completedFuture(false);
    }
    boolean[] added = {false};
    memberships.compute(connectionId, (k, groups) -> {
      Set<String> set = groups != null ? groups : ConcurrentHashMap.newKeySet();
      added[0] = set.add(group);
      return set;
    });
    if (store.connection(connectionId) == null) {
      // closed while joining: onDisconnected may have missed the membership
      Set<String> groups = memberships.remove(connectionId);
      if (groups != null) {
        groups.forEach(g -> redis.release(channels.group(g)));
      }
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Void> subscribed = added[0]
        ? redis.acquire(channels.group(group), bytes -> onGroupMessage(group, bytes))
        : redis.ready(channels.group(group));
    return subscribed.handle((v, e) -> {
      if (e != null) {
        log.warn("Connection {} joined group '{}' of hub {} here, but Redis at {} did not confirm the group's "
            + "subscription ({}); it gets other servers' group sends once Redis is back", connectionId, group,
            hubName, redis.maskedUri(), RedisLink.safeMessage(e));
      }
      return true;
    });
  }

  private void removeLocal(String connectionId, String group) {
    store.removeFromGroup(connectionId, group);
    Set<String> groups = memberships.get(connectionId);
    if (groups != null && groups.remove(group)) {
      redis.release(channels.group(group));
    }
  }

  private CompletableFuture<Boolean> remoteGroupCommand(byte action, String connectionId, String group) {
    String what = (action == RedisProtocol.ADD ? "adding" : "removing") + " connection '" + connectionId
        + "' " + (action == RedisProtocol.ADD ? "to" : "from") + " group '" + group + "' of hub " + hubName;
    if (!redis.isConnected()) {
      return CompletableFuture.failedFuture(unreachable(what + " failed: the connection is not on this server"));
    }
    // A connection that no server subscribes to exists nowhere: answer now instead of waiting for an ack.
    return redis.subscribers(channels.connection(connectionId)).thenCompose(n -> {
      if (n == 0) {
        return CompletableFuture.completedFuture(false);
      }
      int id = ACK_IDS.incrementAndGet();
      CompletableFuture<Boolean> acked = new CompletableFuture<>();
      pendingAcks.put(id, acked);
      acked.whenComplete((r, e) -> pendingAcks.remove(id));
      timer.schedule(() -> acked.completeExceptionally(new RedisBackplaneException("No server acknowledged "
          + what + " within " + ackTimeout.toMillis() + " ms (ackTimeout): the server that owns the connection "
          + "may have stopped")), ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      byte[] command = RedisProtocol.writeGroupCommand(
          new RedisProtocol.GroupCommand(id, serverName, action, group, connectionId));
      redis.publish(channels.groupManagement(), command).whenComplete((r, e) -> {
        if (e != null) {
          acked.completeExceptionally(new RedisBackplaneException("Publishing " + what + " on Redis at "
              + redis.maskedUri() + " failed: " + RedisLink.safeMessage(e), e));
        }
      });
      return acked;
    }).handle((found, e) -> {
      if (e == null) {
        return found;
      }
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof RedisBackplaneException rbe) {
        throw rbe;
      }
      throw new RedisBackplaneException(what + " failed on Redis at " + redis.maskedUri() + ": "
          + RedisLink.safeMessage(cause), cause);
    });
  }

  private void onGroupCommand(byte[] bytes) {
    RedisProtocol.GroupCommand command = RedisProtocol.readGroupCommand(bytes);
    String connectionId = command.connectionId();
    if (store.connection(connectionId) == null) {
      return;
    }
    CompletableFuture<?> done;
    if (command.action() == RedisProtocol.ADD) {
      done = addLocal(connectionId, command.groupName());
    } else if (command.action() == RedisProtocol.REMOVE) {
      removeLocal(connectionId, command.groupName());
      done = DONE;
    } else {
      log.debug("Ignored group command with action {} for connection {}", command.action(), connectionId);
      return;
    }
    // Acknowledged once the group channel is subscribed, so the sender's next group send reaches the member.
    done.whenComplete((r, e) -> redis.publish(channels.ack(command.serverName()),
        RedisProtocol.writeAck(command.id())));
  }

  private void onAck(byte[] bytes) {
    CompletableFuture<Boolean> pending = pendingAcks.remove(RedisProtocol.readAck(bytes));
    if (pending != null) {
      pending.complete(true);
    }
  }

  // ---- client results

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    if (store.connection(connectionId) != null) {
      return local.invokeConnection(connectionId, target, arguments);
    }
    if (!redis.isConnected()) {
      return CompletableFuture.failedFuture(unreachable("client result '" + target + "' from connection '"
          + connectionId + "' (not on this server) failed"));
    }
    String invocationId = UUID.randomUUID().toString();
    CompletableFuture<CompletionMessage> future = new CompletableFuture<>();
    RemoteResult pending = new RemoteResult(connectionId, future);
    remoteResults.put(invocationId, pending);
    future.whenComplete((r, e) -> remoteResults.remove(invocationId, pending));
    OutboundMessage message = OutboundMessage.of(new InvocationMessage(invocationId, target, arguments));
    byte[] payload;
    try {
      payload = invocation(List.of(), message, invocationId, channels.returnResults(serverName));
    } finally {
      message.release();
    }
    redis.publish(channels.connection(connectionId), payload).whenComplete((receivers, e) -> {
      if (e != null) {
        future.completeExceptionally(new RedisBackplaneException("Publishing client result '" + target
            + "' for connection '" + connectionId + "' on Redis at " + redis.maskedUri() + " failed: "
            + RedisLink.safeMessage(e), e));
      } else if (receivers == 0) {
        future.completeExceptionally(new ClientResultException("Connection '" + connectionId
            + "' does not exist."));
      }
    });
    return future;
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    if (local.setConnectionResult(connectionId, completion)) {
      return true;
    }
    Forwarded f = forwarded.get(completion.invocationId());
    if (f == null || !f.connectionId().equals(connectionId) || !forwarded.remove(completion.invocationId(), f)) {
      return false;
    }
    HubSession session = store.connection(connectionId);
    HubProtocol protocol = session == null ? null : session.protocol();
    if (protocol == null) {
      return false;
    }
    publishCompletion(f, protocol, completion);
    return true;
  }

  private void publishCompletion(Forwarded f, HubProtocol protocol, CompletionMessage completion) {
    byte[] payload = RedisProtocol.writeCompletion(new RedisProtocol.Completion(protocol.name(),
        protocol.write(completion)));
    redis.publish(f.returnChannel(), payload).whenComplete((r, e) -> {
      if (e != null) {
        log.warn("The result of connection {} for invocation {} could not be returned on Redis at {}: {}",
            f.connectionId(), completion.invocationId(), redis.maskedUri(), RedisLink.safeMessage(e));
      }
    });
  }

  private void onCompletion(byte[] bytes) {
    RedisProtocol.Completion c = RedisProtocol.readCompletion(bytes);
    Optional<HubProtocol> protocol = protocols.stream()
        .filter(p -> p.name().equals(c.protocolName().toLowerCase(Locale.ROOT))).findFirst();
    if (protocol.isEmpty()) {
      log.warn("Dropped a client result in unknown protocol '{}'", c.protocolName());
      return;
    }
    List<HubMessage> messages;
    try {
      messages = protocol.get().parseMessages(ByteBuffer.wrap(c.framedCompletion()));
    } catch (ProtocolException e) {
      log.warn("Dropped a malformed client result: {}", e.getMessage());
      return;
    }
    for (HubMessage m : messages) {
      if (m instanceof CompletionMessage completion) {
        RemoteResult pending = remoteResults.remove(completion.invocationId());
        if (pending != null) {
          pending.future.complete(completion);
        }
      }
    }
  }

  /** Fails client results whose connection no server subscribes to any more, two checks in a row. */
  private void checkOwners() {
    if (remoteResults.isEmpty() || !redis.isConnected()) {
      return;
    }
    for (Map.Entry<String, RemoteResult> e : remoteResults.entrySet()) {
      RemoteResult r = e.getValue();
      redis.subscribers(channels.connection(r.connectionId)).thenAcceptAsync(n -> {
        if (n > 0) {
          r.missedChecks = 0;
        } else if (++r.missedChecks >= 2) {
          r.future.completeExceptionally(new ClientResultException("Connection '" + r.connectionId
              + "' is gone: no server holds it any more (its server stopped or it disconnected) and no result "
              + "came back."));
        }
      }, timer);
    }
  }

  private RedisBackplaneException unreachable(String what) {
    return new RedisBackplaneException("Redis at " + redis.maskedUri() + " is unreachable: " + what
        + ". The backplane reconnects by itself; retry once it is back.");
  }

  @Override
  public String toString() {
    return "RedisHubLifetimeManager[" + hubName + " on " + redis.maskedUri() + " as " + serverName + ", "
        + store.size() + " local connection(s)]";
  }
}
