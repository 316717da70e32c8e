package dev.hubbub.transport.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * All live connections by token, and the count that {@code maxConnections} bounds. Thread-safe.
 */
public final class ConnectionRegistry {
  private final ConcurrentHashMap<String, ConnectionImpl> byToken = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxConnections;

  ConnectionRegistry(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** Reserves a slot; false when at {@code maxConnections}. A reservation is freed by {@link #remove}. */
  boolean tryReserve() {
    while (true) {
      int n = count.get();
      if (n >= maxConnections) {
        return false;
      }
      if (count.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Adds a connection whose slot was reserved. */
  void add(ConnectionImpl connection) {
    byToken.put(connection.connectionToken(), connection);
  }

  @Nullable ConnectionImpl get(String token) {
    return byToken.get(token);
  }

  /** Removes a connection and frees its slot; idempotent. */
  void remove(ConnectionImpl connection) {
    if (byToken.remove(connection.connectionToken(), connection)) {
      count.decrementAndGet();
    }
  }

  /** Connections now registered. */
  public int size() {
    return count.get();
  }

  Iterable<ConnectionImpl> all() {
    return byToken.values();
  }

  /** Drops negotiated connections that no transport claimed within {@code timeoutNanos}. */
  void reapUnclaimed(long now, long timeoutNanos) {
    for (ConnectionImpl c : byToken.values()) {
      if (!c.isClaimed() && now - c.lastSeenNanos >= timeoutNanos && c.claimForReaping()) {
        remove(c);
      }
    }
  }
}
