package dev.hubbub.service.redis;

import dev.hubbub.server.redis.RedisBackplaneException;
import dev.hubbub.server.redis.RedisLink;
import dev.hubbub.service.redis.internal.ClusterHub;
import dev.hubbub.service.redis.internal.ClusterNode;
import dev.hubbub.service.spi.ServiceBackplane;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several Hubbub service nodes over one Redis: a client, a REST call or an app server on any node reaches the
 * connections on every node.
 *
 * <pre>{@code
 * HubbubService node = HubbubService.start(ServiceOptions.builder()
 *     .port(8888)
 *     .backplane(RedisServiceBackplane.create("redis://127.0.0.1:6379"))
 *     .build());
 * }</pre>
 *
 * <p>The same from the command line: {@code java -jar hubbub-service-redis.jar start --redis redis://127.0.0.1:6379}
 * (or {@code ServiceOptions.builder().backplane("redis://...")} with this module on the class path).
 *
 * <ul>
 *   <li>Sends (REST, app servers, the persistent management transport) are published on the hub's channel and
 *       delivered by every node to the connections it holds; a send to connections of this node alone skips Redis.
 *   <li>Existence checks, closes, group changes for connections elsewhere and group listings ask every node and
 *       wait for all answers (or the first "yes"), bounded by {@link RedisServiceBackplaneOptions#queryTimeout()}.
 *   <li>User-group memberships (with their time to live) are kept in Redis as well as on every node.
 *   <li>Default mode: nodes announce which hubs have app servers on them; a client that negotiates on a node with
 *       no app server for its hub is redirected to a node that has one.
 *   <li>Upstream webhooks fire on the node that holds the client connection: once.
 * </ul>
 *
 * <p>The URI may name a single Redis or any node of a Redis Cluster (Redis 7 or later): which one is found when
 * connecting ({@code INFO cluster}); on a cluster, channels are shard channels (SSUBSCRIBE/SPUBLISH), so the count
 * of nodes that got a question stays exact.
 *
 * <p>While Redis is unreachable, operations reach this node's connections and fail with a
 * {@link RedisBackplaneException} when they needed other nodes; health says {@code Degraded}; Lettuce reconnects
 * with backoff and subscribes again. See {@code docs/scale-out.md}.
 */
public final class RedisServiceBackplane implements ServiceBackplane {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.redis");

  private final RedisServiceBackplaneOptions options;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hubbub-service-redis-timer");
    t.setDaemon(true);
    return t;
  });
  // Created on first use (start, or the first hub), under this.
  private @Nullable RedisLink link;
  private @Nullable ClusterNode node;
  private volatile boolean closed;

  private RedisServiceBackplane(RedisServiceBackplaneOptions options) {
    this.options = options;
  }

  /** A backplane on Redis at {@code uri} with default options. */
  public static RedisServiceBackplane create(String uri) {
    return new RedisServiceBackplane(RedisServiceBackplaneOptions.of(uri));
  }

  /** A backplane with these options. */
  public static RedisServiceBackplane create(RedisServiceBackplaneOptions options) {
    return new RedisServiceBackplane(options);
  }

  public RedisServiceBackplaneOptions options() {
    return options;
  }

  /** Connects and subscribes the node's channels, once. */
  private synchronized ClusterNode node() {
    if (closed) {
      throw new IllegalStateException("This Redis service backplane is closed; create a new one for a new node");
    }
    ClusterNode n = node;
    if (n != null) {
      return n;
    }
    RedisLink redis = new RedisLink(options.uri(), options.maskedUri(), options.commandTimeout());
    n = new ClusterNode(redis, options.channelPrefix(), options.nodeName(), options.queryTimeout(),
        options.announceInterval(), timer);
    await(n.start(), "the node's channels", () -> redis.close());
    link = redis;
    node = n;
    log.info("Service node {} joined the nodes on {} at {} (prefix {})", options.nodeName(),
        redis.isCluster() ? "Redis Cluster (sharded pub/sub)" : "Redis", options.maskedUri(), options.channelPrefix());
    return n;
  }

  private void await(java.util.concurrent.CompletableFuture<Void> subscribed, String what, Runnable onFailure) {
    long waitMillis = options.commandTimeout().toMillis() * 2;
    try {
      subscribed.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      onFailure.run();
      throw new RedisBackplaneException("Could not subscribe " + what + " on Redis at " + options.maskedUri()
          + " within " + waitMillis + " ms: " + RedisLink.safeMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onFailure.run();
      throw new RedisBackplaneException("Interrupted while subscribing " + what, e);
    }
  }

  @Override
  public void start(ServiceNode service) {
    node().announce(service.endpoint(), service::hubsWithServers);
  }

  @Override
  public ServiceLifetimeManager create(String hubKey, ServiceLifetimeManager local) {
    ClusterNode n = node();
    ClusterHub hub = new ClusterHub(hubKey, local, n);
    java.util.concurrent.CompletableFuture<Void> subscribed = hub.start();
    // While Redis is down the hub is made at once (its first client is served here; the link subscribes the
    // channel when Redis is back) rather than holding the caller, often an I/O thread, for the command timeout.
    if (n.redis().isConnected()) {
      await(subscribed, "hub " + hubKey + "'s channel", () -> { });
    }
    return hub;
  }

  @Override
  public @Nullable URI serverNode(String hubKey) {
    ClusterNode n = node;
    return n == null || closed ? null : n.serverNode(hubKey);
  }

  @Override
  public @Nullable String degradedReason() {
    RedisLink redis = link;
    if (redis == null || closed || redis.isConnected()) {
      return null;
    }
    return "Redis at " + options.maskedUri() + " is unreachable: operations reach this node's connections only; "
        + "reconnecting";
  }

  /** Whether the node is on a Redis Cluster (known once connected, at start or with the first hub). */
  public boolean isCluster() {
    RedisLink redis = link;
    return redis != null && redis.isCluster();
  }

  /** Whether the node is connected to Redis. */
  public boolean isConnected() {
    RedisLink redis = link;
    return redis != null && !closed && redis.isConnected();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ClusterNode n = node;
    if (n != null) {
      n.stop();
    }
    RedisLink redis = link;
    if (redis != null) {
      redis.close();
    }
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "RedisServiceBackplane[" + options.maskedUri() + ", node " + options.nodeName() + (closed ? ", closed"
        : isConnected() ? ", connected" : ", not connected") + "]";
  }
}
