package dev.hubbub.spring.boot.internal.servlet;

import dev.hubbub.server.HubBridge;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The bridge's connections by token, and the one sweep that drives their timers: about once a second each connection
 * gets a tick on its own loop (keep-alive pings, handshake and client timeouts, long-poll and disconnect timeouts),
 * as the Netty transport's shared sweep does; no timer per connection.
 */
final class BridgeConnections implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, BridgeConnection> byToken = new ConcurrentHashMap<>();
  /** Connections counted against {@code maxConnections}: reserved before one is made, released when it leaves. */
  private final AtomicInteger count = new AtomicInteger();
  private final EventLoopGroup loops;
  private final ScheduledFuture<?> sweep;

  BridgeConnections(EventLoopGroup loops) {
    this.loops = loops;
    this.sweep = loops.next().scheduleAtFixedRate(this::tickAll, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * A new connection of {@code bridge}'s hub, registered under its token; null when {@code maxConnections} are open
   * already (counted exactly, also when requests race).
   */
  @Nullable BridgeConnection create(HubBridge bridge, String hubPath, int negotiateVersion, @Nullable String principal,
      int maxConnections) {
    int n;
    do {
      n = count.get();
      if (n >= maxConnections) {
        return null;
      }
    } while (!count.compareAndSet(n, n + 1));
    String id = newId();
    String token = negotiateVersion > 0 ? newId() : id;
    BridgeConnection c = new BridgeConnection(id, token, hubPath, negotiateVersion, principal, bridge, this,
        loops.next());
    byToken.put(token, c);
    return c;
  }

  @Nullable BridgeConnection get(String token) {
    return byToken.get(token);
  }

  void remove(BridgeConnection c) {
    if (byToken.remove(c.token, c)) {
      count.decrementAndGet();
    }
  }

  int size() {
    return count.get();
  }

  private void tickAll() {
    long now = System.nanoTime();
    for (BridgeConnection c : byToken.values()) {
      c.onLoop(() -> c.tick(now));
    }
  }

  /**
   * Ends the connections still here (the hub server has told its clients already): open streams and parked polls
   * are answered, so that the container's graceful shutdown does not wait for them. The sweep stops.
   */
  @Override
  public void close() {
    sweep.cancel(false);
    for (BridgeConnection c : byToken.values()) {
      c.close(null);
    }
  }

  /** 16 random bytes, URL-safe: ids and tokens nobody can guess. */
  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }
}
