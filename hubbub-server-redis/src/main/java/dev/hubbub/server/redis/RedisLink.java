package dev.hubbub.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
 * One process's link to Redis, shared by every hub and by both backplanes ({@link RedisBackplane} for hub
 * servers, {@code hubbub-service-redis} for service nodes): a connection for PUBLISH and PUBSUB NUMSUB, and a pub/sub
 * connection whose channels are reference-counted (a group channel stays subscribed while at least one local
 * connection is a member). Lettuce reconnects with backoff (100 ms doubling to 2 s) and subscribes again to every
 * channel; while a connection is down, commands fail at once rather than queue, and a PUBLISH cut off by a drop is
 * never replayed (at most once). Thread-safe.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.redis");
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String maskedUri;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> commands;
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
   * Connects both connections.
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
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // A PUBLISH in flight when the connection drops may already have been delivered: replaying it after the
        // reconnect could deliver it twice. It is dropped instead and fails after the command timeout.
        .replayFilter(command -> command.getType() == CommandType.PUBLISH)
        .pingBeforeActivateConnection(true)
        .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    StatefulRedisConnection<String, byte[]> c = null;
    try {
      c = client.connect(CODEC);
      this.commands = c;
      this.pubSub = client.connectPubSub(CODEC);
    } catch (RuntimeException e) {
      if (c != null) {
        c.close();
      }
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw new RedisBackplaneException("Cannot connect to Redis at " + maskedUri + ": "
          + safeMessage(e) + ". Start Redis there, or point the backplane at another one.", e);
    }
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        Subscription s = subscriptions.get(channel);
        if (s != null) {
          try {
            s.handler.accept(message);
          } catch (RuntimeException e) {
            log.warn("Dropped a message from Redis channel {}: {}", channel, e.getMessage());
          }
        }
      }
    });
    pubSub.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        if (!closed) {
          log.info("Redis backplane connected to {}; subscribing to {} channel(s) again", maskedUri,
              subscriptions.size());
          resubscribeAll();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closed) {
          log.warn("Redis backplane lost Redis at {}: sends reach this server's connections only until it is back; "
              + "reconnecting", maskedUri);
        }
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
        pubSub.async().unsubscribe(k).exceptionally(e -> {
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
    try {
      return pubSub.async().subscribe(channel).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Redis commands on the link's command connection (hashes, keys), for a backplane that keeps state in Redis.
   * Commands fail at once while Redis is unreachable.
   */
  public RedisAsyncCommands<String, byte[]> commands() {
    return commands.async();
  }

  /** PUBLISH; completes with the number of subscribers that received it. */
  public CompletableFuture<Long> publish(String channel, byte[] payload) {
    try {
      return commands.async().publish(channel, payload).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** PUBSUB NUMSUB for one channel. */
  public CompletableFuture<Long> subscribers(String channel) {
    try {
      RedisAsyncCommands<String, byte[]> async = commands.async();
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
