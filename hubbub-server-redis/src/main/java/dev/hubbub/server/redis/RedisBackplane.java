package dev.hubbub.server.redis;

import dev.hubbub.core.LocalHubLifetimeManager;
import dev.hubbub.core.spi.Backplane;
import dev.hubbub.core.spi.HubDescriptor;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.server.redis.internal.RedisHubLifetimeManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out for self-hosted hub servers over Redis, wire-compatible with ASP.NET Core's
 * {@code Microsoft.AspNetCore.SignalR.StackExchangeRedis}: servers (Java or .NET) that share one Redis, one channel
 * prefix and one hub name see each other's connections, groups and users.
 *
 * <pre>{@code
 * HubServer server = HubServer.builder()
 *     .hub("/chat", ChatHub.class)
 *     .backplane(RedisBackplane.create("redis://127.0.0.1:6379"))
 *     .start();
 * }</pre>
 *
 * <p>The server connects to Redis when it starts (and fails to start when Redis is unreachable then), and
 * reconnects by itself later. While Redis is down, sends reach this server's own connections and their futures
 * fail with a {@link RedisBackplaneException}; the server's health is {@code Degraded}. See
 * {@code docs/scale-out.md}.
 */
public final class RedisBackplane implements Backplane {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.redis");

  private final RedisBackplaneOptions options;
  private final List<RedisHubLifetimeManager> managers = new CopyOnWriteArrayList<>();
  // Owner-check and ack timers of every hub; a daemon thread, stopped by close().
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "hubbub-redis-backplane-timer");
    t.setDaemon(true);
    return t;
  });
  // Created with the first hub, under this.
  private @Nullable RedisLink link;
  private volatile boolean closed;

  private RedisBackplane(RedisBackplaneOptions options) {
    this.options = options;
  }

  /** A backplane on Redis at {@code uri} ({@code redis://[:password@]host:port}) with default options. */
  public static RedisBackplane create(String uri) {
    return new RedisBackplane(RedisBackplaneOptions.builder(uri).build());
  }

  /**
   * A backplane on the Redis a connection string names, with default options: Aspire's
   * {@code host:port,password=...} (what {@code withReference(cache)} injects as {@code ConnectionStrings__cache})
   * or a {@code redis://} URI. See {@link RedisBackplaneOptions#fromConnectionString(String)}.
   *
   * @throws IllegalArgumentException when it is empty or malformed; the message never holds the password
   */
  public static RedisBackplane fromConnectionString(String connectionString) {
    return new RedisBackplane(RedisBackplaneOptions.fromConnectionString(connectionString));
  }

  /** A backplane with these options. */
  public static RedisBackplane create(RedisBackplaneOptions options) {
    return new RedisBackplane(options);
  }

  /** The options. */
  public RedisBackplaneOptions options() {
    return options;
  }

  /** This server's name on the wire. */
  public String serverName() {
    return options.serverName();
  }

  /**
   * Wraps the hub's local manager; connects to Redis with the first hub and subscribes the hub's server-wide
   * channels before returning.
   *
   * @throws RedisBackplaneException when Redis cannot be reached
   * @throws IllegalStateException when {@code built} is not a self-hosted server's local manager
   */
  @Override
  public synchronized HubLifetimeManager create(HubDescriptor hub, HubLifetimeManager built) {
    if (closed) {
      throw new IllegalStateException("This Redis backplane is closed; create a new one for a new server");
    }
    if (!(built instanceof LocalHubLifetimeManager local)) {
      throw new IllegalStateException("The Redis backplane wraps a self-hosted server's local state, but hub "
          + hub.path() + " has " + built.getClass().getName() + "; behind a SignalR service the service already "
          + "spans servers");
    }
    RedisLink redis = link;
    if (redis == null) {
      redis = new RedisLink(options.uri(), options.maskedUri(), options.commandTimeout());
      if (redis.isCluster()) {
        redis.close();
        throw clusterRefused();
      }
      link = redis;
      log.info("Redis backplane connected to {} as server {}", options.maskedUri(), options.serverName());
    }
    RedisHubLifetimeManager manager = new RedisHubLifetimeManager(local, redis, options.channelPrefix(),
        options.hubName(hub.typeName()), options.serverName(), hub.protocols(), options.ackTimeout(),
        options.ownerCheckInterval(), timer);
    long waitMillis = options.commandTimeout().toMillis() * 2;
    try {
      manager.start().get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      manager.stop();
      throw new RedisBackplaneException("Could not subscribe hub " + hub.path() + "'s channels ("
          + manager.channels().all() + ", ...) on Redis at " + options.maskedUri() + " within " + waitMillis
          + " ms: " + RedisLink.safeMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      manager.stop();
      throw new RedisBackplaneException("Interrupted while subscribing hub " + hub.path() + "'s channels", e);
    }
    managers.add(manager);
    return manager;
  }

  private RedisBackplaneException clusterRefused() {
    return new RedisBackplaneException("Redis at " + options.maskedUri() + " is a Redis Cluster node "
        + "(cluster_enabled:1), which the hub servers' Redis backplane does not support: like ASP.NET Core's "
        + "StackExchangeRedis backplane it uses classic PUBLISH and counts servers with PUBSUB NUMSUB, which on a "
        + "cluster count the subscribers of one node only. Point it at a single Redis (a primary with replicas is "
        + "fine); Redis Cluster is supported by the service nodes' backplane (hubbub-service-redis).");
  }

  @Override
  public @Nullable String degradedReason() {
    RedisLink redis = link;
    if (redis == null || closed || redis.isConnected()) {
      return null;
    }
    return "Redis backplane: Redis at " + options.maskedUri() + " is unreachable; sends reach this server's "
        + "connections only, reconnecting";
  }

  /** Whether the backplane is connected to Redis (false before the server started and after it stopped). */
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
    managers.forEach(RedisHubLifetimeManager::stop);
    RedisLink redis = link;
    if (redis != null) {
      redis.close();
    }
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "RedisBackplane[" + options.maskedUri() + ", server " + options.serverName() + (closed ? ", closed"
        : isConnected() ? ", connected" : ", not connected") + "]";
  }
}
