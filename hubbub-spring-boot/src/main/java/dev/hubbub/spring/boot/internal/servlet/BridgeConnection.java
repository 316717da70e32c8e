package dev.hubbub.spring.boot.internal.servlet;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.server.HubBridge;
import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One SignalR connection carried by the servlet container: what negotiate created, the transport that claimed it,
 * and the hub session it feeds. {@link #write} and {@link #close} are safe from any thread; everything else runs on
 * {@link #loop}, one task at a time, which is the hub session's connection thread. Outbound bytes are copied into
 * a queue bounded by {@code maxOutboundQueueBytes} (a client that does not read is aborted as a slow consumer, as
 * by the Netty transport); the sink takes them when its transport can send.
 */
final class BridgeConnection implements SessionChannel {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.hubbub.spring.servlet");
  enum State { NEW, ACTIVE, CLOSING, CLOSED }

  /** A payload as written: its bytes (never changed), and whether it goes in a binary WebSocket frame. */
  static final class Chunk {
    private final byte[] bytes;
    private final boolean binary;

    Chunk(byte[] bytes, boolean binary) {
      this.bytes = bytes;
      this.binary = binary;
    }

    byte[] bytes() {
      return bytes;
    }

    boolean binary() {
      return binary;
    }
  }

  final String id;
  final String token;
  final String hubPath;
  final EventLoop loop;
  final int negotiateVersion;
  /** The principal that negotiated (null: anonymous); the requests that carry the connection must be the same. */
  final @Nullable String principal;
  private final HubBridge bridge;
  private final BridgeConnections registry;
  private final long maxQueued;
  private final long createdNanos = System.nanoTime();

  // Loop only.
  volatile State state = State.NEW;
  private @Nullable BridgeSink sink;
  private HubBridge.@Nullable Session session;
  /** Last time the client polled (long polling), for the disconnect timeout. */
  long lastSeenNanos = createdNanos;

  private volatile @Nullable TransportType transport;
  private volatile boolean binary;

  // Guarded by this.
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private long queued;
  private boolean writesClosed;
  /** Who waits for the queue to drain to a level ({@link #whenQueuedAtMost}); made on first use. */
  private @Nullable List<DrainWaiter> waiters;

  private record DrainWaiter(long level, CompletableFuture<Void> done) {}

  BridgeConnection(String id, String token, String hubPath, int negotiateVersion, @Nullable String principal,
      HubBridge bridge, BridgeConnections registry, EventLoop loop) {
    this.id = id;
    this.token = token;
    this.hubPath = hubPath;
    this.negotiateVersion = negotiateVersion;
    this.principal = principal;
    this.bridge = bridge;
    this.registry = registry;
    this.loop = loop;
    this.maxQueued = bridge.transportOptions().maxOutboundQueueBytes();
  }

  /** The transport half once started, else null. Loop only. */
  @Nullable BridgeSink sink() {
    return sink;
  }

  HubBridge bridge() {
    return bridge;
  }

  /** The transport that claimed the connection, or null before one did. */
  @Nullable TransportType transport() {
    return transport;
  }

  /** The first transport request claims the connection; later ones must be of the same type. */
  synchronized boolean claim(TransportType type) {
    if (transport != null) {
      return false;
    }
    transport = type;
    return true;
  }

  /** Runs {@code task} on the connection's loop; false when the loop is shutting down. */
  boolean onLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return true;
    }
    try {
      loop.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  // ---- from the transports (loop)

  /** The transport started: the hub session opens; the sink sends from now on. */
  void started(BridgeSink sink, TransportUser user, HubHttpRequest request) {
    if (state != State.NEW) {
      sink.abort(new IllegalStateException("connection " + id + " is " + state));
      return;
    }
    this.sink = sink;
    state = State.ACTIVE;
    lastSeenNanos = System.nanoTime();
    session = bridge.open(this, id, user, request);
    sink.flush();
  }

  /** Bytes from the client: one WebSocket message or one POST body. */
  void received(byte[] data) {
    HubBridge.Session s = session;
    if (state == State.ACTIVE && s != null) {
      s.onData(ByteBuffer.wrap(data));
    }
  }

  /** About once a second: the hub layer's timers, the sink's timeouts, and an unclaimed connection's expiry. */
  void tick(long now) {
    if (state == State.NEW) {
      if (now - createdNanos >= bridge.transportOptions().disconnectTimeout().toNanos()) {
        terminated(null);
      }
      return;
    }
    HubBridge.Session s = session;
    if (s != null && state == State.ACTIVE) {
      s.onHeartbeat();
    }
    BridgeSink k = sink;
    if (k != null && state != State.CLOSED) {
      k.tick(now);
    }
  }

  /** The transport ended (client gone, close sent, error): the connection leaves its hub and the registry. */
  void terminated(@Nullable Throwable error) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    synchronized (this) {
      writesClosed = true;
      queue.clear();
      queued = 0;
    }
    releaseWaiters();
    registry.remove(this);
    HubBridge.Session s = session;
    if (s != null) {
      s.onClosed(error);
    }
  }

  /** Everything queued, in order; the caller reports {@link #written} once the transport took it. */
  synchronized List<Chunk> drain() {
    List<Chunk> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }

  /** Puts back drained payloads the transport could not take in one go, ahead of anything newer. */
  synchronized void requeueFront(List<Chunk> chunks) {
    if (writesClosed) {
      return;
    }
    for (int i = chunks.size() - 1; i >= 0; i--) {
      queue.addFirst(chunks.get(i));
    }
  }

  synchronized boolean hasOutbound() {
    return !queue.isEmpty();
  }

  /** {@code bytes} of drained payloads left the queue's account (the transport took them). */
  void written(long bytes) {
    synchronized (this) {
      queued = Math.max(0, queued - bytes);
      if (waiters == null) {
        return;
      }
    }
    releaseWaiters();
  }

  /**
   * Completes the waiters whose level the queue has reached (all of them once writes are closed), outside the
   * lock: what they run next may write again.
   */
  private void releaseWaiters() {
    List<DrainWaiter> ready = new ArrayList<>(2);
    synchronized (this) {
      List<DrainWaiter> list = waiters;
      if (list == null) {
        return;
      }
      list.removeIf(w -> (writesClosed || queued <= w.level()) && ready.add(w));
      if (list.isEmpty()) {
        waiters = null;
      }
    }
    for (DrainWaiter w : ready) {
      w.done().complete(null);
    }
  }

  // ---- SessionChannel (any thread)

  @Override
  public synchronized long queuedBytes() {
    return queued;
  }

  @Override
  public CompletionStage<Void> whenQueuedAtMost(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    synchronized (this) {
      if (writesClosed || queued <= bytes) {
        return CompletableFuture.completedFuture(null);
      }
      DrainWaiter w = new DrainWaiter(bytes, new CompletableFuture<>());
      List<DrainWaiter> list = waiters;
      if (list == null) {
        list = new ArrayList<>(2);
        waiters = list;
      }
      list.add(w);
      return w.done();
    }
  }

  @Override
  public boolean write(ByteBuf framed) {
    byte[] bytes = ByteBufUtil.getBytes(framed);
    SlowConsumerException slow = null;
    synchronized (this) {
      if (writesClosed) {
        return false;
      }
      if (queued > 0 && queued + bytes.length > maxQueued) {
        writesClosed = true;
        slow = new SlowConsumerException(id, queued, bytes.length, maxQueued);
      } else {
        queue.add(new Chunk(bytes, binary));
        queued += bytes.length;
      }
    }
    if (slow != null) {
      releaseWaiters();
      log.warn("Closing connection {} of hub {} ({}): {}", id, hubPath, transport, slow.getMessage());
      SlowConsumerException error = slow;
      onLoop(() -> abort(error));
      return false;
    }
    onLoop(this::flush);
    return true;
  }

  private void flush() {
    BridgeSink k = sink;
    if (k != null && state != State.CLOSED) {
      k.flush();
    }
  }

  private void abort(Throwable error) {
    if (state == State.CLOSED) {
      return;
    }
    BridgeSink k = sink;
    if (k != null) {
      k.abort(error);
    }
    terminated(error);
  }

  @Override
  public void close(@Nullable String reason) {
    onLoop(() -> {
      if (state == State.CLOSING || state == State.CLOSED) {
        return;
      }
      BridgeSink k = sink;
      if (k == null) {
        terminated(null);
        return;
      }
      state = State.CLOSING;
      k.close(reason);
    });
  }

  @Override
  public boolean supportsBinary() {
    return transport != TransportType.SERVER_SENT_EVENTS;
  }

  @Override
  public boolean statefulReconnect() {
    return false;
  }

  @Override
  public boolean keepAlive() {
    return transport != TransportType.LONG_POLLING;
  }

  @Override
  public void handshakeDone(boolean binary) {
    this.binary = binary;
  }

  @Override
  public String toString() {
    return "BridgeConnection[" + id + ", " + hubPath + ", " + transport + ", " + state + "]";
  }
}
