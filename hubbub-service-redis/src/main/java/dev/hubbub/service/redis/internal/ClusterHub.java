package dev.hubbub.service.redis.internal;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.ClientResultException;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.server.redis.RedisBackplaneException;
import dev.hubbub.server.redis.RedisLink;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub of a service node in a cluster. This node's connections are in {@code local}; every send is published
 * on the hub's channel, which every node that uses the hub subscribes to, and each node (this one too, through
 * its own subscription) delivers to the connections it holds, so nothing is delivered twice. Operations whose
 * answer depends on other nodes' connections ask every node ({@link ClusterNode#ask}); an answer found here stops
 * there. A user's group memberships are kept in Redis too, so a node that had not seen the user reads them when
 * the user's first connection arrives.
 *
 * <p>While Redis is unreachable, everything still reaches this node's connections, and the future of an
 * operation that needed other nodes fails with a {@link RedisBackplaneException}.
 */
public final class ClusterHub implements ServiceLifetimeManager {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.redis");
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Predicate<Object> ANY_TRUE = Boolean.TRUE::equals;
  private static final Predicate<Object> ALL = r -> false;

  static final int CLOSE = 1;
  static final int CONNECTION_EXISTS = 2;
  static final int USER_EXISTS = 3;
  static final int GROUP_EXISTS = 4;
  static final int USER_IN_GROUP = 5;
  static final int ADD_TO_GROUP = 6;
  static final int REMOVE_FROM_GROUP = 7;
  static final int ADD_USER_TO_GROUP = 8;
  static final int REMOVE_USER_FROM_GROUP = 9;
  static final int REMOVE_FROM_ALL_GROUPS = 10;
  static final int GROUP_MEMBERS = 11;

  private final String hubKey;
  private final ServiceLifetimeManager local;
  private final ClusterNode node;
  private final RedisLink redis;
  private final String channel;
  private final List<HubProtocol> protocols = List.of(
      HubProtocols.byName("json", HubProtocolOptions.DEFAULTS).orElseThrow(),
      HubProtocols.byName("messagepack", HubProtocolOptions.DEFAULTS).orElseThrow());

  public ClusterHub(String hubKey, ServiceLifetimeManager local, ClusterNode node) {
    this.hubKey = hubKey;
    this.local = local;
    this.node = node;
    this.redis = node.redis();
    this.channel = node.hubChannel(hubKey);
  }

  /** Subscribes to the hub's channel; completes when Redis confirmed it. */
  public CompletableFuture<Void> start() {
    node.register(hubKey, this);
    return redis.acquire(channel, this::onSend);
  }

  void stop() {
    redis.release(channel);
  }

  // ---- connections

  @Override
  public void onConnected(HubSession session) {
    String user = session.userId();
    boolean firstOfUser = user != null && !Boolean.TRUE.equals(local.userExists(user).getNow(false));
    local.onConnected(session);
    if (firstOfUser && user != null) {
      loadUserGroups(user);
    }
  }

  @Override
  public void onDisconnected(HubSession session) {
    local.onDisconnected(session);
  }

  /** Applies the user's group memberships kept in Redis (another node may have added them before this node knew). */
  private void loadUserGroups(String user) {
    if (!redis.isConnected()) {
      return;
    }
    String key = node.userGroupsKey(hubKey, user);
    redis.commands().hgetall(key).toCompletableFuture().whenComplete((groups, e) -> {
      if (e != null || groups == null) {
        log.debug("Could not read user {}'s groups in hub {}: {}", user, hubKey, RedisLink.safeMessage(e));
        return;
      }
      long now = System.currentTimeMillis();
      List<String> expired = new ArrayList<>();
      groups.forEach((group, value) -> {
        long until = parseLong(new String(value, StandardCharsets.UTF_8));
        if (until == 0) {
          local.addUserToGroup(user, group, null);
        } else if (until > now) {
          local.addUserToGroup(user, group, Duration.ofMillis(until - now).plusMillis(999).withNanos(0));
        } else {
          expired.add(group);
        }
      });
      if (!expired.isEmpty()) {
        redis.commands().hdel(key, expired.toArray(String[]::new));
      }
    });
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---- sends

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    if (target instanceof SendTarget.Connections c && allHere(c.connectionIds())) {
      return local.send(target, message);
    }
    if (!redis.isConnected()) {
      local.send(target, message);
      return CompletableFuture.failedFuture(node.unreachable("The send to " + SendTarget.describe(target)
          + " in hub " + hubKey + " reached this node's connections only; it", null));
    }
    Map<String, byte[]> framed = new LinkedHashMap<>();
    for (HubProtocol p : protocols) {
      message.bytes(p).ifPresent(b -> framed.put(p.name(), b));
    }
    return redis.publish(channel, ClusterWire.send(target, framed)).handle((count, e) -> {
      if (e != null) {
        throw new RedisBackplaneException("Publishing the send to " + SendTarget.describe(target) + " in hub "
            + hubKey + " on Redis at " + redis.maskedUri() + " failed: " + RedisLink.safeMessage(e)
            + "; it may not have reached every node", e);
      }
      return null;
    });
  }

  private boolean allHere(java.util.Set<String> connectionIds) {
    for (String id : connectionIds) {
      if (!Boolean.TRUE.equals(local.connectionExists(id).getNow(false))) {
        return false;
      }
    }
    return true;
  }

  /** A send from Redis (any node's, this one's too): to the connections held here. */
  private void onSend(byte[] bytes) {
    ClusterWire.Send send;
    try {
      send = ClusterWire.readSend(bytes);
    } catch (IllegalArgumentException e) {
      log.warn("Dropped a send for hub {} from Redis: {}", hubKey, e.getMessage());
      return;
    }
    OutboundMessage message = OutboundMessage.preEncoded(send.framed());
    try {
      local.send(send.target(), message);
    } finally {
      message.release();
    }
  }

  // ---- operations that may need other nodes

  /** This node's answer to a question from any node. */
  Object answer(int kind, List<@Nullable Object> args) {
    return switch (kind) {
      case CLOSE -> local.close(ClusterWire.target(args.get(0)), (String) args.get(1)).join();
      case CONNECTION_EXISTS -> local.connectionExists(str(args, 0)).join();
      case USER_EXISTS -> local.userExists(str(args, 0)).join();
      case GROUP_EXISTS -> local.groupExists(str(args, 0)).join();
      case USER_IN_GROUP -> local.isUserInGroup(str(args, 0), str(args, 1)).join();
      case ADD_TO_GROUP -> local.addToGroup(str(args, 0), str(args, 1)).join();
      case REMOVE_FROM_GROUP -> local.removeFromGroup(str(args, 0), str(args, 1)).join();
      case ADD_USER_TO_GROUP -> {
        Object ttl = args.get(2);
        local.addUserToGroup(str(args, 0), str(args, 1), ttl == null ? null : Duration.ofSeconds((Long) ttl)).join();
        yield true;
      }
      case REMOVE_USER_FROM_GROUP -> {
        local.removeUserFromGroup(str(args, 0), (String) args.get(1)).join();
        yield true;
      }
      case REMOVE_FROM_ALL_GROUPS -> {
        boolean here = local.connectionExists(str(args, 0)).join();
        local.removeFromAllGroups(str(args, 0)).join();
        yield here;
      }
      case GROUP_MEMBERS -> {
        List<Object> out = new ArrayList<>();
        for (Member m : local.groupMembers(str(args, 0)).join()) {
          out.add(Arrays.asList(m.connectionId(), m.userId()));
        }
        yield out;
      }
      default -> throw new IllegalArgumentException("unknown query kind " + kind);
    };
  }

  /** What a node without the hub answers. */
  static Object neutral(int kind) {
    return kind == GROUP_MEMBERS ? List.of() : kind == ADD_USER_TO_GROUP || kind == REMOVE_USER_FROM_GROUP;
  }

  private static String str(List<@Nullable Object> args, int i) {
    Object o = i < args.size() ? args.get(i) : null;
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException("argument " + i + " is not a string");
    }
    return s;
  }

  /**
   * Asks every node; while Redis is unreachable, answers from this node alone: the result when it is conclusive
   * here ({@code enough}), else a failure saying the other nodes were not reached.
   */
  private CompletableFuture<List<Object>> everywhere(int kind, List<@Nullable Object> args, Predicate<Object> enough,
      String what) {
    if (!redis.isConnected()) {
      Object here = answer(kind, args);
      if (enough.test(here)) {
        return CompletableFuture.completedFuture(List.of(here));
      }
      return CompletableFuture.failedFuture(node.unreachable(what + " in hub " + hubKey + " (done on this node)",
          null));
    }
    return node.ask(kind, hubKey, args, enough, what);
  }

  private CompletableFuture<Boolean> anyTrue(int kind, List<@Nullable Object> args, String what) {
    return everywhere(kind, args, ANY_TRUE, what).thenApply(answers -> answers.contains(Boolean.TRUE));
  }

  private static List<@Nullable Object> args(@Nullable Object... values) {
    return Arrays.asList(values);
  }

  @Override
  public CompletableFuture<Boolean> close(SendTarget target, @Nullable String reason) {
    if (target instanceof SendTarget.Connections c && allHere(c.connectionIds())) {
      return local.close(target, reason);
    }
    return everywhere(CLOSE, args(ClusterWire.targetValue(target), reason), ALL, "Closing " + SendTarget.describe(
        target)).thenApply(answers -> answers.contains(Boolean.TRUE));
  }

  @Override
  public CompletableFuture<Boolean> connectionExists(String connectionId) {
    if (Boolean.TRUE.equals(local.connectionExists(connectionId).getNow(false))) {
      return CompletableFuture.completedFuture(true);
    }
    return anyTrue(CONNECTION_EXISTS, args(connectionId), "Looking for connection " + connectionId);
  }

  @Override
  public CompletableFuture<Boolean> userExists(String userId) {
    if (Boolean.TRUE.equals(local.userExists(userId).getNow(false))) {
      return CompletableFuture.completedFuture(true);
    }
    return anyTrue(USER_EXISTS, args(userId), "Looking for user " + userId);
  }

  @Override
  public CompletableFuture<Boolean> groupExists(String group) {
    if (Boolean.TRUE.equals(local.groupExists(group).getNow(false))) {
      return CompletableFuture.completedFuture(true);
    }
    return anyTrue(GROUP_EXISTS, args(group), "Looking for group " + group);
  }

  @Override
  public CompletableFuture<Boolean> isUserInGroup(String userId, String group) {
    if (Boolean.TRUE.equals(local.isUserInGroup(userId, group).getNow(false))) {
      return CompletableFuture.completedFuture(true);
    }
    return anyTrue(USER_IN_GROUP, args(userId, group), "Looking for user " + userId + " in group " + group);
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    if (Boolean.TRUE.equals(local.connectionExists(connectionId).getNow(false))) {
      return local.addToGroup(connectionId, group);
    }
    return anyTrue(ADD_TO_GROUP, args(connectionId, group), "Adding connection " + connectionId + " to group "
        + group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    if (Boolean.TRUE.equals(local.connectionExists(connectionId).getNow(false))) {
      return local.removeFromGroup(connectionId, group);
    }
    return anyTrue(REMOVE_FROM_GROUP, args(connectionId, group), "Removing connection " + connectionId
        + " from group " + group);
  }

  @Override
  public CompletableFuture<Void> removeFromAllGroups(String connectionId) {
    if (Boolean.TRUE.equals(local.connectionExists(connectionId).getNow(false))) {
      return local.removeFromAllGroups(connectionId);
    }
    return anyTrue(REMOVE_FROM_ALL_GROUPS, args(connectionId), "Removing connection " + connectionId
        + " from its groups").thenApply(found -> null);
  }

  @Override
  public CompletableFuture<Void> addUserToGroup(String userId, String group, @Nullable Duration ttl) {
    Long seconds = ttl == null ? null : ttl.toSeconds();
    String what = "Adding user " + userId + " to group " + group;
    if (ttl != null && ttl.isZero()) {
      return everywhere(ADD_USER_TO_GROUP, args(userId, group, seconds), ALL, what).thenApply(a -> null);
    }
    if (!redis.isConnected()) {
      return everywhere(ADD_USER_TO_GROUP, args(userId, group, seconds), ALL, what).thenApply(a -> null);
    }
    long until = ttl == null ? 0 : System.currentTimeMillis() + ttl.toMillis();
    return redis.commands().hset(node.userGroupsKey(hubKey, userId), group,
            Long.toString(until).getBytes(StandardCharsets.UTF_8)).toCompletableFuture()
        .handle((r, e) -> {
          if (e != null) {
            throw node.unreachable(what, e);
          }
          return r;
        })
        .thenCompose(r -> everywhere(ADD_USER_TO_GROUP, args(userId, group, seconds), ALL, what))
        .thenApply(a -> null);
  }

  @Override
  public CompletableFuture<Void> removeUserFromGroup(String userId, @Nullable String group) {
    String what = group == null ? "Removing user " + userId + " from every group"
        : "Removing user " + userId + " from group " + group;
    if (!redis.isConnected()) {
      return everywhere(REMOVE_USER_FROM_GROUP, args(userId, group), ALL, what).thenApply(a -> null);
    }
    String key = node.userGroupsKey(hubKey, userId);
    CompletableFuture<Long> removed = group == null ? redis.commands().del(key).toCompletableFuture()
        : redis.commands().hdel(key, group).toCompletableFuture();
    return removed.handle((r, e) -> {
          if (e != null) {
            throw node.unreachable(what, e);
          }
          return r;
        })
        .thenCompose(r -> everywhere(REMOVE_USER_FROM_GROUP, args(userId, group), ALL, what))
        .thenApply(a -> null);
  }

  @Override
  public CompletableFuture<List<Member>> groupMembers(String group) {
    return everywhere(GROUP_MEMBERS, args(group), ALL, "Listing group " + group).thenApply(answers -> {
      List<Member> members = new ArrayList<>();
      for (Object answer : answers) {
        if (answer instanceof List<?> list) {
          for (Object item : list) {
            if (item instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String id) {
              members.add(new Member(id, pair.get(1) instanceof String u ? u : null));
            }
          }
        }
      }
      members.sort(Comparator.comparing(Member::connectionId));
      return members;
    });
  }

  // ---- client results: only to this node's connections

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    if (Boolean.TRUE.equals(local.connectionExists(connectionId).getNow(false))) {
      return local.invokeConnection(connectionId, target, arguments);
    }
    return CompletableFuture.failedFuture(new ClientResultException("Connection '" + connectionId + "' is not on "
        + "this service node; client results reach only the node's own connections (an app server's clients are "
        + "on the node it is connected to)"));
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    return local.setConnectionResult(connectionId, completion);
  }

  @Override
  public int localConnectionCount() {
    return local.localConnectionCount();
  }

  @Override
  public String toString() {
    return "ClusterHub[" + hubKey + ", node " + node.nodeName() + ", " + local.localConnectionCount()
        + " local connection(s)]";
  }
}
