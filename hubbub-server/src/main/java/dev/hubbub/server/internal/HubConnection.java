package dev.hubbub.server.internal;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.SessionChannel;
import dev.hubbub.server.HubCallerContext;
import dev.hubbub.server.HubHttpRequest;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A client connection of a hub, however it arrived (its own transport, or multiplexed through the SignalR
 * service): the hub layer's session plus what hub dispatch keeps for it (its invocation lane, streams, items).
 * Safe to use from any thread.
 */
public final class HubConnection extends HubSession implements HubCallerContext {
  // Created on first use: most connections never stream or keep items, and an idle connection should be small.
  private volatile @Nullable Map<String, Object> items;
  private volatile @Nullable Map<String, ClientStream> clientStreams;
  private volatile @Nullable Map<String, ServerStream> serverStreams;
  private static final AtomicIntegerFieldUpdater<HubConnection> PENDING =
      AtomicIntegerFieldUpdater.newUpdater(HubConnection.class, "pending");
  private static final AtomicIntegerFieldUpdater<HubConnection> UNKNOWN_CANCEL_SEEN =
      AtomicIntegerFieldUpdater.newUpdater(HubConnection.class, "unknownCancelSeen");
  // Fields, not objects, on every connection: through the updaters above.
  private volatile int pending;
  private volatile int unknownCancelSeen;
  // What a non-streaming method that takes a StreamCancellation watches; made on first use, like the maps above.
  private volatile @Nullable Cancellation closed;
  private boolean closedFired; // guarded by this
  private final String hubPath;
  private final HubHttpRequest httpRequest;
  int setSlot = -1; // its index in its hub's HubConnectionSet, -1 when in none; guarded by that set
  // The connection's invocation lane (see InvocationLane, which holds the policy), guarded by this: the tasks
  // waiting (null while none wait), and how many run plus a closed bit. Fields rather than a lane object, so that an
  // idle connection carries none.
  @Nullable ArrayDeque<Supplier<? extends CompletionStage<?>>> laneQueue;
  int laneState;

  /**
   * @param channel where the connection's bytes go
   * @param hubPath the hub's path, for logs
   */
  public HubConnection(SessionChannel channel, String connectionId, @Nullable String userId,
      Map<String, List<String>> claims, String hubPath, HubHttpRequest httpRequest) {
    super(channel, connectionId, userId, claims);
    this.hubPath = hubPath;
    this.httpRequest = httpRequest;
  }

  /** Fires when the connection ends (at once if it has ended). */
  Cancellation closed() {
    Cancellation c = closed;
    if (c == null) {
      synchronized (this) {
        c = closed;
        if (c == null) {
          c = new Cancellation();
          if (closedFired) {
            c.cancel();
          }
          closed = c;
        }
      }
    }
    return c;
  }

  /** The connection ended: fires {@link #closed()}, now or when it is made. */
  void fireClosed() {
    Cancellation c;
    synchronized (this) {
      closedFired = true;
      c = closed;
    }
    if (c != null) {
      c.cancel();
    }
  }

  @Override
  public HubHttpRequest httpRequest() {
    return httpRequest;
  }

  @Override
  public @Nullable String userIdentifier() {
    return userId();
  }

  @Override
  public Map<String, Object> items() {
    Map<String, Object> m = items;
    if (m == null) {
      synchronized (this) {
        m = items;
        if (m == null) {
          m = new ConcurrentHashMap<>(4);
          items = m;
        }
      }
    }
    return m;
  }

  /** The client-to-server streams, created on first use (for adding). */
  Map<String, ClientStream> clientStreams() {
    Map<String, ClientStream> m = clientStreams;
    if (m == null) {
      synchronized (this) {
        m = clientStreams;
        if (m == null) {
          m = new ConcurrentHashMap<>(4);
          clientStreams = m;
        }
      }
    }
    return m;
  }

  /** The client-to-server streams for reading and removing: empty (and immutable in effect) before the first. */
  Map<String, ClientStream> clientStreamsIfAny() {
    Map<String, ClientStream> m = clientStreams;
    return m != null ? m : Collections.emptyMap();
  }

  /** The server-to-client streams, created on first use (for adding). */
  Map<String, ServerStream> serverStreams() {
    Map<String, ServerStream> m = serverStreams;
    if (m == null) {
      synchronized (this) {
        m = serverStreams;
        if (m == null) {
          m = new ConcurrentHashMap<>(4);
          serverStreams = m;
        }
      }
    }
    return m;
  }

  /** The server-to-client streams for reading and removing: empty before the first. */
  Map<String, ServerStream> serverStreamsIfAny() {
    Map<String, ServerStream> m = serverStreams;
    return m != null ? m : Collections.emptyMap();
  }

  @Override
  public void abort() {
    close(null, false);
  }

  @Override
  public CompletionStage<Void> whenQueuedAtMost(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be at least 0, was " + bytes);
    }
    return channel().whenQueuedAtMost(bytes);
  }

  /** True the first time this connection cancels a stream that does not exist (logged once at WARN). */
  boolean firstUnknownCancel() {
    return UNKNOWN_CANCEL_SEEN.compareAndSet(this, 0, 1);
  }

  @Override
  public String describe() {
    return "client " + connectionId() + " of hub " + hubPath;
  }

  /** Adds {@code n} (negative to take away) to the messages pending dispatch; returns the new count. */
  int addPending(int n) {
    return PENDING.addAndGet(this, n);
  }
}
