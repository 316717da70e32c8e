package dev.hubbub.transport.internal;

import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportRoute;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/** What every handler of one server shares. Immutable after construction apart from the registry. */
public final class ServerContext {
  private final TransportOptions options;
  /** One for every WebSocket decoder of the server (each would otherwise keep its own copy). */
  private final WebSocketDecoderConfig webSocketDecoderConfig;
  private final WebSocketDecoderConfig ownWebSocketDecoderConfig;
  private final ConnectionRegistry registry;
  private final dev.hubbub.transport.RateLimits negotiations;
  private final Map<String, TransportRoute> basePaths = new HashMap<>();
  private final Map<String, TransportRoute> negotiatePaths = new HashMap<>();
  private final HttpRequestHandler fallback;
  private final Backlog backlog;
  /** What each event loop of the server runs for its connections: the periodic sweep and the flush passes. */
  private record PerLoop(LoopSweeper sweeper, LoopFlusher flusher) {}

  private final IdentityHashMap<EventExecutor, PerLoop> loops = new IdentityHashMap<>();
  /** Set once by {@link #closeAll}: the close reason of connections that start from then on. */
  private volatile @Nullable String closingReason;

  public ServerContext(TransportOptions options, List<TransportRoute> routes,
      HttpRequestHandler fallback, EventLoopGroup group) {
    this.options = options;
    this.webSocketDecoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(options.transportMaxBufferSize()).allowExtensions(false).build();
    this.ownWebSocketDecoderConfig = webSocketDecoderConfig.toBuilder().closeOnProtocolViolation(false).build();
    this.registry = new ConnectionRegistry(options.maxConnections());
    this.negotiations = new dev.hubbub.transport.RateLimits(options.maxNegotiationsPerSecondPerIp());
    this.fallback = fallback;
    this.backlog = new Backlog(options.backlogBytes());
    for (TransportRoute r : routes) {
      if (basePaths.put(r.path(), r) != null) {
        throw new IllegalArgumentException("Two routes at path '" + r.path() + "': give each a distinct path");
      }
      negotiatePaths.put(r.path() + "/negotiate", r);
    }
    boolean first = true;
    for (EventExecutor e : group) {
      loops.put(e, new PerLoop(new LoopSweeper((EventLoop) e, this, first),
          new LoopFlusher((EventLoop) e, options.maxFlushDelay().toNanos())));
      first = false;
    }
  }

  public void startSweepers() {
    loops.values().forEach(l -> l.sweeper().start());
  }

  public void stopSweepers() {
    loops.values().forEach(l -> l.sweeper().stop());
  }

  public TransportOptions options() {
    return options;
  }

  /** The WebSocket decoders' settings: frames up to {@code transportMaxBufferSize}, no extensions. */
  WebSocketDecoderConfig webSocketDecoderConfig() {
    return webSocketDecoderConfig;
  }

  /**
   * The decoder's settings on a socket whose pipeline is the transport's own: it has no frame encoder, so the
   * transport's handler writes the close frame after a protocol violation ({@link WebSocketTransportHandler}).
   */
  WebSocketDecoderConfig ownWebSocketDecoderConfig() {
    return ownWebSocketDecoderConfig;
  }

  /** The connections over the backlog mark ({@link TransportOptions#backlogBytes()}). */
  Backlog backlog() {
    return backlog;
  }

  /** How many connections have more than {@link TransportOptions#backlogBytes()} queued now. */
  public int backloggedConnections() {
    return backlog.count();
  }

  /** Completes once no connection has more than {@link TransportOptions#backlogBytes()} queued. */
  public CompletionStage<Void> whenNoneBacklogged() {
    return backlog.whenClear();
  }

  public ConnectionRegistry registry() {
    return registry;
  }

  /**
   * Counts a new connection (a negotiate, or a WebSocket without one) from {@code request}'s address against
   * {@code maxNegotiationsPerSecondPerIp}; when past it, answers 429 with {@code Retry-After: 1} and returns false.
   */
  boolean admitNegotiation(dev.hubbub.transport.TransportRequest request, HttpExchange exchange) {
    if (negotiations.limit() == 0) {
      return true;
    }
    String remote = request.remoteIp();
    String ip = remote != null ? remote : "unknown";
    if (negotiations.admit(ip, System.nanoTime())) {
      return true;
    }
    io.netty.handler.codec.http.HttpHeaders h = new io.netty.handler.codec.http.DefaultHttpHeaders();
    h.set(io.netty.handler.codec.http.HttpHeaderNames.RETRY_AFTER, "1");
    h.set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.respond(429, h, io.netty.buffer.Unpooled.copiedBuffer(
        dev.hubbub.transport.LimitMessages.tooManyNegotiations(ip, negotiations.limit()),
        java.nio.charset.StandardCharsets.UTF_8));
    return false;
  }

  HttpRequestHandler fallback() {
    return fallback;
  }

  /** The route whose base path is {@code normalizedPath}, or null. */
  @Nullable TransportRoute baseRoute(String normalizedPath) {
    return basePaths.get(normalizedPath);
  }

  /** The route whose negotiate path is {@code normalizedPath}, or null. */
  @Nullable TransportRoute negotiateRoute(String normalizedPath) {
    return negotiatePaths.get(normalizedPath);
  }

  /** Whether a request for {@code path} (decoded, no query) is a route's negotiate or transport request. */
  public boolean serves(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    String p = TransportRoute.normalize(path);
    return basePaths.containsKey(p) || negotiatePaths.containsKey(p);
  }

  /**
   * Shuts the transport down gracefully: every connection is closed with "Server is shutting down." (waiting up to
   * two seconds in all for their handlers to be told), then the sweeps stop. The event loops are the caller's.
   */
  public void shutDown() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (Future<?> f : closeAll("Server is shutting down.")) {
      f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    stopSweepers();
  }

  /** The reason given to {@link #closeAll} once the server is closing, else null. */
  @Nullable String closingReason() {
    return closingReason;
  }

  LoopSweeper sweeper(EventLoop loop) {
    return perLoop(loop).sweeper();
  }

  LoopFlusher flusher(EventLoop loop) {
    return perLoop(loop).flusher();
  }

  private PerLoop perLoop(EventLoop loop) {
    PerLoop l = loops.get(loop);
    if (l == null) {
      throw new IllegalStateException("Event loop " + loop + " is not one of this server's loops: an embedded"
          + " transport must be given the EventLoopGroup that serves its channels (a ServerBootstrap's child group)");
    }
    return l;
  }

  /**
   * Ends every connection for server shutdown: sends what is queued and the close (WebSocket 1000,
   * end of stream, 204), and calls {@code onClosed} at once rather than waiting for the peers.
   *
   * @return one future per connection, done when its handler has been told
   */
  public List<Future<?>> closeAll(String reason) {
    // Set before walking the registry: a connection registered too late to be walked sees it when its
    // transport starts (ConnectionImpl.activate), so none is left to be cut off by the loops' shutdown.
    closingReason = reason;
    List<Future<?>> done = new ArrayList<>();
    for (ConnectionImpl c : registry.all()) {
      if (c.isClaimed()) {
        try {
          done.add(c.loop().submit(() -> {
            c.closeOnLoop(reason);
            c.terminated(null);
          }));
        } catch (RejectedExecutionException e) {
          // the loop is already gone; nothing left to tell
        }
      } else if (c.claimForReaping()) {
        registry.remove(c);
      }
    }
    return done;
  }
}
