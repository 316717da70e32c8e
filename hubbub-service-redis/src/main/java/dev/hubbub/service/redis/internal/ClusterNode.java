package dev.hubbub.service.redis.internal;

import dev.hubbub.server.redis.RedisBackplaneException;
import dev.hubbub.server.redis.RedisLink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of the cluster: the query channel every node listens on, this node's reply channel, the
 * questions it is waiting on, and the announcements of which hubs have app servers where. Thread-safe; what
 * arrives from Redis runs on Lettuce's event loop and never blocks.
 *
 * <p><b>How many answers to wait for.</b> PUBLISH answers with the number of subscribers that received the
 * message; every node (this one too) subscribes to the query channel once, so that number is the number of nodes
 * that will answer. On a Redis Cluster the link uses SPUBLISH, whose count covers the shard that owns the channel,
 * where all its subscribers are (a classic PUBLISH there would count one node's subscribers only). A node that dies
 * before it answers makes the question fail after the query timeout.
 */
public final class ClusterNode {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.redis");

  private final RedisLink redis;
  private final String prefix;
  private final String nodeName;
  private final Duration queryTimeout;
  private final Duration announceInterval;
  private final ScheduledExecutorService timer;
  private final Map<String, ClusterHub> hubs = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  // hub key -> endpoints of other nodes with app servers for it, with when each announcement expires
  private volatile Map<String, Map<String, Long>> serverNodes = Map.of();
  private @Nullable ScheduledFuture<?> announcer;
  private @Nullable URI endpoint;

  /** A question in flight: the answers so far, and how many to expect once PUBLISH said. */
  private static final class Pending {
    final CompletableFuture<List<Object>> future = new CompletableFuture<>();
    final List<Object> answers = new ArrayList<>();
    final Predicate<Object> enough;
    final String what;
    int expected = -1;
    @Nullable ScheduledFuture<?> timeout;

    Pending(Predicate<Object> enough, String what) {
      this.enough = enough;
      this.what = what;
    }

    synchronized void answer(Object result) {
      answers.add(result);
      if (enough.test(result) || (expected >= 0 && answers.size() >= expected)) {
        future.complete(List.copyOf(answers));
      }
    }

    synchronized void expect(long count) {
      expected = (int) count;
      if (answers.size() >= expected) {
        future.complete(List.copyOf(answers));
      }
    }

    synchronized int answered() {
      return answers.size();
    }
  }

  public ClusterNode(RedisLink redis, String prefix, String nodeName, Duration queryTimeout,
      Duration announceInterval, ScheduledExecutorService timer) {
    this.redis = redis;
    this.prefix = prefix;
    this.nodeName = nodeName;
    this.queryTimeout = queryTimeout;
    this.announceInterval = announceInterval;
    this.timer = timer;
  }

  public RedisLink redis() {
    return redis;
  }

  public String nodeName() {
    return nodeName;
  }

  /** The channel a hub's sends go on. */
  public String hubChannel(String hubKey) {
    return prefix + ":hub:" + hubKey;
  }

  /** The hash holding a user's group memberships in a hub (field: group, value: expiry in epoch ms, 0 for none). */
  public String userGroupsKey(String hubKey, String userId) {
    return prefix + ":usergroups:" + hubKey + ":" + userId;
  }

  private String queryChannel() {
    return prefix + ":nodes:query";
  }

  private String replyChannel(String node) {
    return prefix + ":nodes:reply:" + node;
  }

  private String serversKey() {
    return prefix + ":servers";
  }

  /** Subscribes to the query and reply channels; completes when Redis confirmed both. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(redis.acquire(queryChannel(), this::onQuery),
        redis.acquire(replyChannel(nodeName), this::onReply));
  }

  /** Starts announcing this node's hubs with app servers, and reading the others'. */
  public synchronized void announce(URI endpoint, Supplier<Set<String>> hubsWithServers) {
    this.endpoint = endpoint;
    long every = announceInterval.toMillis();
    announcer = timer.scheduleWithFixedDelay(() -> refreshServers(endpoint, hubsWithServers), 0, every,
        TimeUnit.MILLISECONDS);
  }

  private void refreshServers(URI endpoint, Supplier<Set<String>> hubsWithServers) {
    if (!redis.isConnected()) {
      return;
    }
    long now = System.currentTimeMillis();
    byte[] expiry = Long.toString(now + 3 * announceInterval.toMillis()).getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> mine = new HashMap<>();
    for (String hub : hubsWithServers.get()) {
      mine.put(hub + " " + endpoint, expiry);
    }
    CompletableFuture<?> written = mine.isEmpty() ? CompletableFuture.completedFuture(null)
        : redis.commands().hset(serversKey(), mine).toCompletableFuture();
    written.thenCompose(x -> redis.commands().hgetall(serversKey()).toCompletableFuture()).whenComplete((all, e) -> {
      if (e != null || all == null) {
        return;
      }
      Map<String, Map<String, Long>> fresh = new HashMap<>();
      List<String> expired = new ArrayList<>();
      all.forEach((field, value) -> {
        int space = field.indexOf(' ');
        long until = parseLong(new String(value, StandardCharsets.UTF_8));
        if (space <= 0 || until < now) {
          expired.add(field);
        } else if (!field.substring(space + 1).equals(endpoint.toString())) {
          fresh.computeIfAbsent(field.substring(0, space), k -> new HashMap<>()).put(field.substring(space + 1), until);
        }
      });
      serverNodes = fresh;
      if (!expired.isEmpty()) {
        redis.commands().hdel(serversKey(), expired.toArray(String[]::new));
      }
    });
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Another node with app servers for the hub, as last read from Redis, or null. */
  public @Nullable URI serverNode(String hubKey) {
    Map<String, Long> nodes = serverNodes.get(hubKey);
    if (nodes == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    List<String> live = new ArrayList<>();
    nodes.forEach((url, until) -> {
      if (until >= now) {
        live.add(url);
      }
    });
    if (live.isEmpty()) {
      return null;
    }
    live.sort(null);
    return URI.create(live.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(live.size())));
  }

  public void register(String hubKey, ClusterHub hub) {
    hubs.put(hubKey, hub);
  }

  /**
   * Asks every node (this one included) and completes with their answers, or as soon as one answer satisfies
   * {@code enough}. Fails with a {@link RedisBackplaneException} when the question cannot be published or not every
   * node answered within the query timeout.
   */
  public CompletableFuture<List<Object>> ask(int kind, String hubKey, List<@Nullable Object> args,
      Predicate<Object> enough, String what) {
    String id = UUID.randomUUID().toString();
    Pending p = new Pending(enough, what);
    pending.put(id, p);
    p.future.whenComplete((r, e) -> {
      pending.remove(id);
      ScheduledFuture<?> t = p.timeout;
      if (t != null) {
        t.cancel(false);
      }
    });
    synchronized (p) {
      p.timeout = timer.schedule(() -> p.future.completeExceptionally(new RedisBackplaneException(what + " in hub "
          + hubKey + ": " + p.answered() + " of " + (p.expected < 0 ? "?" : p.expected) + " node(s) answered within "
          + queryTimeout.toMillis() + " ms (a node may have stopped; Redis at " + redis.maskedUri() + ")")),
          queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    byte[] payload = ClusterWire.query(new ClusterWire.Query(id, nodeName, kind, hubKey, args));
    redis.publish(queryChannel(), payload).whenComplete((count, e) -> {
      if (e != null) {
        p.future.completeExceptionally(unreachable(what + " in hub " + hubKey, e));
      } else {
        p.expect(count);
      }
    });
    return p.future;
  }

  public RedisBackplaneException unreachable(String what, @Nullable Throwable cause) {
    String message = what + " did not reach the other nodes: Redis at " + redis.maskedUri() + " is unreachable ("
        + RedisLink.safeMessage(cause) + ")";
    return cause == null ? new RedisBackplaneException(message) : new RedisBackplaneException(message, cause);
  }

  private void onQuery(byte[] bytes) {
    ClusterWire.Query q;
    try {
      q = ClusterWire.readQuery(bytes);
    } catch (IllegalArgumentException e) {
      log.warn("Dropped a cluster query: {}", e.getMessage());
      return;
    }
    ClusterHub hub = hubs.get(q.hub());
    Object result;
    try {
      result = hub == null ? ClusterHub.neutral(q.kind()) : hub.answer(q.kind(), q.args());
    } catch (RuntimeException e) {
      log.warn("Could not answer cluster query {} for hub {}: {}", q.kind(), q.hub(), e.getMessage());
      return;
    }
    if (q.replyNode().equals(nodeName)) {
      Pending p = pending.get(q.id());
      if (p != null) {
        p.answer(result);
      }
      return;
    }
    redis.publish(replyChannel(q.replyNode()), ClusterWire.reply(q.id(), result)).exceptionally(e -> {
      log.debug("Could not answer node {}: {}", q.replyNode(), RedisLink.safeMessage(e));
      return null;
    });
  }

  private void onReply(byte[] bytes) {
    ClusterWire.Reply r;
    try {
      r = ClusterWire.readReply(bytes);
    } catch (IllegalArgumentException e) {
      log.warn("Dropped a cluster reply: {}", e.getMessage());
      return;
    }
    Pending p = pending.get(r.id());
    if (p != null) {
      p.answer(r.result());
    }
  }

  /** Stops announcing, removes this node's announcements, fails what is pending and unsubscribes. */
  public void stop() {
    ScheduledFuture<?> a;
    URI ep;
    synchronized (this) {
      a = announcer;
      ep = endpoint;
    }
    if (a != null) {
      a.cancel(false);
    }
    if (ep != null && redis.isConnected()) {
      String suffix = " " + ep;
      try {
        Map<String, byte[]> all = redis.commands().hgetall(serversKey()).toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
        String[] own = all.keySet().stream().filter(f -> f.endsWith(suffix)).toArray(String[]::new);
        if (own.length > 0) {
          redis.commands().hdel(serversKey(), own).toCompletableFuture().get(2, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.debug("Could not withdraw this node's announcements: {}", RedisLink.safeMessage(e));
      }
    }
    RedisBackplaneException stopped = new RedisBackplaneException("The service node stopped");
    pending.values().forEach(p -> p.future.completeExceptionally(stopped));
    redis.release(queryChannel());
    redis.release(replyChannel(nodeName));
    hubs.values().forEach(ClusterHub::stop);
  }
}
