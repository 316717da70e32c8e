package dev.hubbub.server.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backplane's link to Redis, shared by all its hubs; both backplanes open one ({@link RedisBackplane} for hub
 * servers, {@code hubbub-service-redis} for service nodes): a connection for PUBLISH and PUBSUB NUMSUB, and a pub/sub
 * connection whose channels are reference-counted (a group channel stays subscribed while at least one local
 * connection is a member). Lettuce reconnects with backoff (100 ms doubling to 2 s) and subscribes again to every
 * channel; while a connection is down, commands fail at once rather than queue, and a PUBLISH cut off by a drop is
 * never replayed (at most once). Thread-safe.
 *
 * <p><b>Redis Cluster.</b> When the server at the URI says {@code cluster_enabled:1} ({@code INFO cluster}), the link
 * is a cluster client ({@link #isCluster()}): commands go to the master that owns their key's slot, and channels
 * are shard channels: {@link #acquire} sends SSUBSCRIBE and {@link #publish} SPUBLISH to the master that owns the
 * channel's slot, where every subscriber of the channel is, so the count SPUBLISH answers covers them all (a classic
 * PUBLISH on a cluster counts only the subscribers on the node that received it). After any pub/sub connection
 * reconnects, the link subscribes again to each channel on its own (one SSUBSCRIBE per channel: Lettuce resends all
 * of a node's shard channels in one SSUBSCRIBE, which Redis refuses with CROSSSLOT when they are in several slots).
 * {@link #subscribers} (PUBSUB NUMSUB) counts one node on a cluster; its callers refuse clusters.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.redis");
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String maskedUri;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final boolean cluster;
  private final StatefulConnection<String, byte[]> commands;
  // The async API of `commands`: RedisAsyncCommands on a single Redis, RedisAdvancedClusterAsyncCommands on a cluster.
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
  // channel -> subscription; changes to one channel happen under compute() on its key, so SUBSCRIBE and
  // UNSUBSCRIBE of one channel reach Redis in the order they were decided.
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private static final class Subscription {
    final Consumer<byte[]> handler;
    int count;
    CompletableFuture<Void> ready;

    Subscription(Consumer<byte[]> handler, CompletableFuture<Void> ready) {
      // Guarded by RedisLink.subscriptions' compute on this channel's key.
      this.handler = handler;
      this.ready = ready;
    }
  }

  /**
   * Connects both connections, as a cluster client when the server at {@code uri} is a Redis Cluster node.
   *
   * @throws RedisBackplaneException when Redis cannot be reached (the message names it
   *     without its password)
   */
  public RedisLink(String uri, String maskedUri, Duration commandTimeout) {
    this.maskedUri = maskedUri;
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
        .build();
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(commandTimeout);
    RedisClient single = RedisClient.create(resources, redisUri);
    single.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // A PUBLISH in flight when the connection drops may already have been delivered: replaying it after the
        // reconnect could deliver it twice. It is dropped instead and fails after the command timeout.
        .replayFilter(RedisLink::neverReplayed)
        .pingBeforeActivateConnection(true)
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    AbstractRedisClient c = single;
    StatefulConnection<String, byte[]> cmd = null;
    try {
      StatefulRedisConnection<String, byte[]> first = single.connect(CODEC);
      cmd = first;
      if (isClusterNode(first)) {
        first.close();
        cmd = null;
        single.shutdown(0, 2, TimeUnit.SECONDS);
        RedisClusterClient clusterClient = RedisClusterClient.create(resources, redisUri);
        c = clusterClient;
        clusterClient.setOptions(clusterOptions(commandTimeout));
        StatefulRedisClusterConnection<String, byte[]> clusterCommands = clusterClient.connect(CODEC);
        cmd = clusterCommands;
        this.async = clusterCommands.async();
        StatefulRedisClusterPubSubConnection<String, byte[]> clusterPubSub = clusterClient.connectPubSub(CODEC);
        this.pubSub = clusterPubSub;
        this.cluster = true;
        // Lettuce opens a master's connections with the first command for its slots and, rejecting commands while
        // disconnected, fails that command: open them now so the first SPUBLISH or HSET to each master goes through.
        for (RedisClusterNode node : clusterCommands.getPartitions()) {
          if (node.getRole().isUpstream()) {
            clusterCommands.getConnection(node.getUri().getHost(), node.getUri().getPort());
            clusterPubSub.getConnection(node.getUri().getHost(), node.getUri().getPort());
          }
        }
      } else {
        this.async = first.async();
        this.pubSub = single.connectPubSub(CODEC);
        this.cluster = false;
      }
      this.client = c;
      this.commands = cmd;
    } catch (RuntimeException e) {
      if (cmd != null) {
        cmd.close();
      }
      c.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw new RedisBackplaneException("Cannot connect to Redis at " + maskedUri + ": "
          + safeMessage(e) + ". Start Redis there, or point the backplane at another one.", e);
    }
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        deliver(channel, message);
      }

      @Override
      public void smessage(String shardChannel, byte[] message) {
        deliver(shardChannel, message);
      }
    });
    RedisConnectionStateListener states = new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (closed) {
          return;
        }
        if (!cluster) {
          log.info("Redis backplane connected to {}; subscribing to {} channel(s) again", maskedUri,
              subscriptions.size());
          resubscribeAll();
        } else if (connection instanceof StatefulRedisPubSubConnection<?, ?> && !subscriptions.isEmpty()) {
          log.info("Redis backplane connected to cluster node {} (cluster at {}); subscribing to {} shard "
              + "channel(s) again", address, maskedUri, subscriptions.size());
          resubscribeSharded();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closed && (!cluster || connection instanceof StatefulRedisPubSubConnection<?, ?>)) {
          log.warn("Redis backplane lost {}{}: sends reach this server's connections only until it is back; "
              + "reconnecting", cluster ? "a node of the Redis Cluster at " : "Redis at ", maskedUri);
        }
      }
    };
    if (cluster) {
      // Client-wide: shard channels live on per-master pub/sub connections that Lettuce opens on demand.
      client.addListener(states);
    } else {
      pubSub.addListener(states);
    }
  }

  private static boolean neverReplayed(io.lettuce.core.protocol.RedisCommand<?, ?, ?> command) {
    return command.getType() == CommandType.PUBLISH || command.getType() == CommandType.SPUBLISH;
  }

  private static ClusterClientOptions clusterOptions(Duration commandTimeout) {
    ClusterClientOptions.Builder b = ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // Learn slot moves and failovers from MOVED/ASK and reconnects, not only from a timer.
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
            .enablePeriodicRefresh(Duration.ofSeconds(30)).build());
    b.replayFilter(RedisLink::neverReplayed);
    b.pingBeforeActivateConnection(true);
    b.socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build());
    b.timeoutOptions(TimeoutOptions.enabled(commandTimeout));
    return b.build();
  }

  /** {@code INFO cluster} says {@code cluster_enabled:1}. A server that refuses INFO is taken as a single Redis. */
  private static boolean isClusterNode(StatefulRedisConnection<String, byte[]> connection) {
    try {
      String info = connection.sync().info("cluster");
      return info != null && info.contains("cluster_enabled:1");
    } catch (io.lettuce.core.RedisCommandExecutionException e) {
      log.debug("INFO cluster refused ({}); using Redis as a single server", e.getMessage());
      return false;
    }
  }

  private void deliver(String channel, byte[] message) {
    Subscription s = subscriptions.get(channel);
    if (s != null) {
      try {
        s.handler.accept(message);
      } catch (RuntimeException e) {
        log.warn("Dropped a message from Redis channel {}: {}", channel, e.getMessage());
      }
    }
  }

  /**
   * After a cluster pub/sub connection (re)connected: SSUBSCRIBE again to every channel held, one by one, each routed
   * to the master owning its slot. Redis ignores a SSUBSCRIBE to a channel the connection already has. The
   * connection-state event comes before Lettuce accepts commands on the new connection, so a rejected SSUBSCRIBE is
   * tried again with backoff.
   */
  private void resubscribeSharded() {
    for (String channel : subscriptions.keySet()) {
      subscriptions.computeIfPresent(channel, (k, s) -> {
        CompletableFuture<Void> again = subscribe(k);
        CompletableFuture<Void> previous = s.ready;
        if (previous.isCompletedExceptionally()) {
          s.ready = again;
        } else if (!previous.isDone()) {
          again.whenComplete((v, e) -> {
            if (e == null) {
              previous.complete(null);
            }
          });
        }
        return s;
      });
    }
  }

  /**
   * SSUBSCRIBE, tried again with backoff (50 ms doubling to 2 s, 8 times) while it is rejected: Lettuce opens the
   * pub/sub connection to a master on the first channel in its slots, and rejects commands until it is connected.
   */
  private void subscribeRetrying(String channel, CompletableFuture<Void> result, int attempt) {
    if (closed || (attempt > 0 && !subscriptions.containsKey(channel))) {
      result.completeExceptionally(new IllegalStateException("No longer subscribing to " + channel));
      return;
    }
    CompletableFuture<Void> once;
    try {
      once = pubSub.async().ssubscribe(channel).toCompletableFuture();
    } catch (RuntimeException e) {
      once = CompletableFuture.failedFuture(e);
    }
    once.whenComplete((v, e) -> {
      if (e == null) {
        result.complete(null);
      } else if (attempt >= 8 || closed || refusedByRedis(e)) {
        log.warn("Could not subscribe to shard channel {} on the Redis Cluster at {}: {}", channel, maskedUri,
            safeMessage(e));
        result.completeExceptionally(e);
      } else {
        resources.eventExecutorGroup().schedule(() -> subscribeRetrying(channel, result, attempt + 1),
            Math.min(2000, 50L << attempt), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** After a reconnect: SUBSCRIBE again to every channel held (Lettuce knows only those it confirmed). */
  private void resubscribeAll() {
    for (String channel : subscriptions.keySet()) {
      subscriptions.computeIfPresent(channel, (k, s) -> {
        CompletableFuture<Void> again = subscribe(k);
        CompletableFuture<Void> previous = s.ready;
        if (!previous.isDone()) {
          again.whenComplete((v, e) -> {
            if (e == null) {
              previous.complete(null);
            } else {
              previous.completeExceptionally(e);
            }
          });
        }
        s.ready = again;
        return s;
      });
    }
  }

  /** An error answer from Redis (such as an unknown SSUBSCRIBE before Redis 7), which trying again will not fix. */
  private static boolean refusedByRedis(Throwable e) {
    Throwable t = e;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof io.lettuce.core.RedisCommandExecutionException;
  }

  /** Whether the server at the URI is a Redis Cluster node, so that channels are shard channels. */
  public boolean isCluster() {
    return cluster;
  }

  /** Whether both connections are up. */
  public boolean isConnected() {
    return !closed && commands.isOpen() && pubSub.isOpen();
  }

  /** Redis's address without password, for messages. */
  public String maskedUri() {
    return maskedUri;
  }

  /**
   * Subscribes to {@code channel} for one more holder; the first holder's SUBSCRIBE goes to Redis, later ones share
   * it. The future completes when Redis confirmed the subscription (fails when Redis is unreachable; Lettuce still
   * subscribes again after reconnecting).
   */
  public CompletableFuture<Void> acquire(String channel, Consumer<byte[]> handler) {
    Subscription s = subscriptions.compute(channel, (k, existing) -> {
      Subscription sub = existing;
      if (sub == null) {
        sub = new Subscription(handler, subscribe(k));
      } else if (sub.ready.isCompletedExceptionally()) {
        sub.ready = subscribe(k);
      }
      sub.count++;
      return sub;
    });
    return s.ready;
  }

  /** When the current subscription to {@code channel} was confirmed (done at once when there is none). */
  public CompletableFuture<Void> ready(String channel) {
    Subscription s = subscriptions.get(channel);
    return s == null ? CompletableFuture.completedFuture(null) : s.ready;
  }

  /** One holder fewer; the last one's UNSUBSCRIBE goes to Redis. */
  public void release(String channel) {
    subscriptions.computeIfPresent(channel, (k, s) -> {
      if (--s.count > 0) {
        return s;
      }
      if (!closed) {
        (cluster ? pubSub.async().sunsubscribe(k) : pubSub.async().unsubscribe(k)).exceptionally(e -> {
          log.debug("UNSUBSCRIBE {} failed: {}", k, e.getMessage());
          return null;
        });
      }
      return null;
    });
  }

  /** How many holders {@code channel} has here (0 when not subscribed). */
  public int holders(String channel) {
    Subscription s = subscriptions.get(channel);
    return s == null ? 0 : s.count;
  }

  private CompletableFuture<Void> subscribe(String channel) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("The Redis backplane is closed"));
    }
    if (cluster) {
      CompletableFuture<Void> result = new CompletableFuture<>();
      subscribeRetrying(channel, result, 0);
      return result;
    }
    try {
      return pubSub.async().subscribe(channel).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Redis commands on the link's command connection (hashes, keys), for a backplane that keeps state in Redis.
   * Commands fail at once while Redis is unreachable. On a cluster each command goes to the master owning its key's
   * slot (a DEL of several keys is split by slot). {@code RedisClusterAsyncCommands} is Lettuce's API common to a
   * single Redis and a cluster; commands for the cluster's own administration are not meant to be used here.
   */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return async;
  }

  /**
   * PUBLISH (SPUBLISH on a cluster); completes with the number of subscribers that received it. Never replayed
   * after a reconnect.
   */
  public CompletableFuture<Long> publish(String channel, byte[] payload) {
    try {
      return (cluster ? async.spublish(channel, payload) : async.publish(channel, payload)).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** PUBSUB NUMSUB for one channel (on a cluster, the node the command connection is on only). */
  public CompletableFuture<Long> subscribers(String channel) {
    try {
      return async.pubsubNumsub(channel).toCompletableFuture()
          .thenApply(m -> {
            Long n = m.get(channel);
            return n == null ? 0L : n;
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pubSub.close();
    commands.close();
    client.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** A failure's message, never with a password (Lettuce's messages name host and port only). */
  public static String safeMessage(@Nullable Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
