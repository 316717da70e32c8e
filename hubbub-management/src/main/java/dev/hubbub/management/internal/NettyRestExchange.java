package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRConnectionException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link RestExchange}: an HTTP/1.1 client on Netty with one I/O thread of its own
 * ({@value #THREAD_NAME}, daemon) and a pool of keep-alive connections to the one service endpoint.
 *
 * <ul>
 *   <li>At most {@code maxConnections} connections are open, each with one request in flight (no pipelining);
 *       an idle connection is reused last-in first-out, so a light load keeps few connections warm, and closed
 *       instead once it was idle for more than 60 s.
 *   <li>A request that finds no idle connection and no room for a new one waits first-in first-out; at most
 *       {@code maxQueued} wait, and past that the request fails at once with a {@link SignalRConnectionException}
 *       naming the limit.
 *   <li>The response timeout starts when the request is handed over, covers waiting, connecting and the
 *       answer, and fails with {@link HttpTimeoutException}; the connection of a timed-out request is closed.
 *   <li>A refused connection or a connect timeout fails with {@link ConnectException}. A request written to a
 *       reused connection that closes before any response byte (the service dropped an idle connection) goes
 *       once more on a fresh connection, as it never reached the service.
 *   <li>Responses are aggregated up to {@value #MAX_RESPONSE_BYTES} bytes; a larger or malformed one fails
 *       with an {@link IOException} and closes its connection only.
 * </ul>
 *
 * <p>All pool state is confined to the I/O thread; futures complete on it. Failure messages name the endpoint,
 * never a header value (the token).
 */
final class NettyRestExchange implements RestExchange {
  /** The name of the I/O thread. */
  static final String THREAD_NAME = "hubbub-management-http";
  /** Connections open at most, by default. */
  static final int DEFAULT_MAX_CONNECTIONS = 64;
  /** Requests waiting for a connection at most, by default. */
  static final int DEFAULT_MAX_QUEUED = 10_000;
  /** The largest response body accepted (1 MiB). */
  static final int MAX_RESPONSE_BYTES = 1 << 20;
  /**
   * How long an idle connection is trusted: older ones are closed instead of reused, as a load balancer on the
   * way (Azure's drops idle flows after 4 minutes) may have forgotten them without a word.
   */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final String USER_AGENT = "hubbub-management/" + version();

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final String endpoint;
  private final String host;
  private final int port;
  private final String hostHeader;
  private final @Nullable SslContext ssl;
  private final int maxConnections;
  private final int maxQueued;
  // requests handed over and not yet on a connection: the queue bound, counted off the I/O thread
  private final AtomicInteger waiting = new AtomicInteger();

  // confined to the I/O thread
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  // requests in queue that have not timed out (those stay in it until polled)
  private int queued;
  private int open;
  private volatile long idleNanos = IDLE_NANOS;
  private volatile boolean closed;

  /**
   * A client for {@code endpoint} ({@code http} or {@code https}).
   *
   * @param connectTimeout how long opening a connection (TCP) may take
   * @param maxConnections connections open at most
   * @param maxQueued requests waiting for a connection at most
   * @param ssl the TLS context for {@code https}, or null for the JDK's default trust with hostname verification
   */
  NettyRestExchange(URI endpoint, Duration connectTimeout, int maxConnections, int maxQueued,
      @Nullable SslContext ssl) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("maxQueued must be 0 or more: " + maxQueued);
    }
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    if (!tls && !"http".equalsIgnoreCase(endpoint.getScheme())) {
      throw new IllegalArgumentException("The service endpoint must be http or https: " + endpoint);
    }
    this.endpoint = endpoint.getScheme().toLowerCase(Locale.ROOT) + "://" + endpoint.getRawAuthority();
    this.host = String.valueOf(endpoint.getHost());
    int defaultPort = tls ? 443 : 80;
    this.port = endpoint.getPort() != -1 ? endpoint.getPort() : defaultPort;
    // as the JDK client: the port only when it is not the scheme's
    this.hostHeader = port == defaultPort ? host : host + ":" + port;
    this.maxConnections = maxConnections;
    this.maxQueued = maxQueued;
    this.ssl = tls ? (ssl != null ? ssl : defaultSsl()) : null;
    this.group = new MultiThreadIoEventLoopGroup(1, (Runnable r) -> {
      Thread t = new IoThread(r);
      t.setDaemon(true);
      return t;
    }, NioIoHandler.newFactory());
    this.loop = group.next();
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
  }

  /** Whether the calling thread is the I/O thread of a Netty exchange, where blocking would deadlock. */
  static boolean onIoThread() {
    return Thread.currentThread() instanceof IoThread;
  }

  /** The I/O thread, marked so that blocking calls on it are refused. */
  private static final class IoThread extends FastThreadLocalThread {
    IoThread(Runnable r) {
      super(r, THREAD_NAME);
    }
  }

  private static SslContext defaultSsl() {
    try {
      return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
    } catch (SSLException e) {
      throw new IllegalStateException("Could not set up TLS for REST calls: " + e.getMessage(), e);
    }
  }

  private static String version() {
    @Nullable String v = NettyRestExchange.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "java" : v;
  }

  @Override
  public CompletableFuture<RestResponse> exchange(String method, URI url, Map<String, String> headers,
      byte @Nullable [] body, Duration timeout) {
    CompletableFuture<RestResponse> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IOException("The ServiceManager is closed: build a new one to call "
          + endpoint + "."));
      return result;
    }
    if (waiting.incrementAndGet() > maxQueued + maxConnections && !loop.inEventLoop()) {
      // a cheap early check off the I/O thread; the exact one is made there
      waiting.decrementAndGet();
      result.completeExceptionally(queueFull());
      return result;
    }
    String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    Pending p = new Pending(method, target, headers, body, timeout, result, System.nanoTime());
    if (loop.inEventLoop()) {
      submit(p);
    } else {
      try {
        loop.execute(() -> submit(p));
      } catch (RuntimeException e) {
        waiting.decrementAndGet();
        result.completeExceptionally(new IOException("The ServiceManager is closed: build a new one to call "
            + endpoint + ".", e));
      }
    }
    return result;
  }

  private SignalRConnectionException queueFull() {
    return new SignalRConnectionException("Too many REST calls waiting: " + maxQueued + " already wait for one of the "
        + maxConnections + " connections to " + endpoint + " (ServiceManagerBuilder.restMaxQueuedRequests). Wait for"
        + " calls to complete before making more, or raise the limit", 0, null, null, null, null);
  }

  // on the I/O thread from here on

  private void submit(Pending p) {
    long delay = p.timeoutNanos - (System.nanoTime() - p.startNanos);
    p.timer = loop.schedule(() -> timedOut(p), Math.max(0, delay), TimeUnit.NANOSECONDS);
    if (closed) {
      unqueue(p);
      fail(p, new IOException("The ServiceManager is closed: build a new one to call " + endpoint + "."));
      return;
    }
    Connection c = pollIdle();
    if (c != null) {
      unqueue(p);
      write(c, p, true);
    } else if (open < maxConnections) {
      unqueue(p);
      connect(p);
    } else if (queued >= maxQueued) {
      unqueue(p);
      fail(p, queueFull());
    } else {
      p.inQueue = true;
      queued++;
      queue.add(p);
    }
  }

  private @Nullable Connection pollIdle() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (System.nanoTime() - c.idleSince > idleNanos) {
        c.channel.close();
      } else if (c.channel.isActive()) {
        return c;
      }
    }
    return null;
  }

  private @Nullable Pending pollQueued() {
    Pending p;
    while ((p = queue.pollFirst()) != null) {
      dequeued(p);
      if (!p.result.isDone()) {
        return p;
      }
    }
    return null;
  }

  private void dequeued(Pending p) {
    if (p.inQueue) {
      p.inQueue = false;
      queued--;
    }
    unqueue(p);
  }

  private void unqueue(Pending p) {
    if (p.counted) {
      p.counted = false;
      waiting.decrementAndGet();
    }
  }

  private void connect(Pending p) {
    open++;
    ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        Connection c = new Connection(ch);
        SslContext context = ssl;
        if (context != null) {
          SslHandler handler = context.newHandler(ch.alloc(), host, port);
          SSLEngine engine = handler.engine();
          SSLParameters parameters = engine.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          engine.setSSLParameters(parameters);
          ch.pipeline().addLast("tls", handler);
        }
        ch.pipeline().addLast("bytes", c.bytes)
            .addLast("codec", new HttpClientCodec())
            .addLast("aggregator", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
            .addLast("exchange", c);
      }
    }).connect(host, port);
    f.addListener((ChannelFuture done) -> {
      if (!done.isSuccess()) {
        open--;
        fail(p, connectFailure(done.cause()));
        serveQueue();
        return;
      }
      Connection c = done.channel().pipeline().get(Connection.class);
      SslHandler tls = done.channel().pipeline().get(SslHandler.class);
      if (c == null) {
        open--;
        done.channel().close();
        fail(p, new IOException("The connection to " + endpoint + " closed while it was set up."));
        return;
      }
      if (tls == null) {
        ready(c, p);
      } else {
        tls.handshakeFuture().addListener((Future<Channel> handshake) -> {
          if (handshake.isSuccess()) {
            ready(c, p);
          } else {
            @Nullable Throwable cause = handshake.cause();
            fail(p, cause instanceof IOException io ? io
                : new IOException("TLS handshake with " + endpoint + " failed: " + describe(cause), cause));
          }
        });
      }
    });
  }

  private IOException connectFailure(@Nullable Throwable cause) {
    if (cause instanceof ConnectException ce) {
      return ce;
    }
    ConnectException e = new ConnectException((cause instanceof UnknownHostException ? "Unknown host: " : "")
        + describe(cause) + " (" + endpoint + ")");
    e.initCause(cause);
    return e;
  }

  private void ready(Connection c, Pending p) {
    if (p.result.isDone()) {
      release(c);
    } else {
      write(c, p, false);
    }
  }

  private void write(Connection c, Pending p, boolean reused) {
    FullHttpRequest request;
    try {
      request = request(p);
    } catch (RuntimeException e) {
      // a method or header Netty refuses (its messages name no header value): the connection stays good
      release(c);
      fail(p, e);
      return;
    }
    c.current = p;
    c.reused = reused;
    c.gotBytes = false;
    c.failure = null;
    p.connection = c;
    c.channel.writeAndFlush(request).addListener((ChannelFuture done) -> {
      if (!done.isSuccess() && c.current == p) {
        // channelInactive decides: a fresh attempt, or the failure
        c.failure = done.cause();
        done.channel().close();
      }
    });
  }

  private FullHttpRequest request(Pending p) {
    ByteBuf content = p.body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(p.body);
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(p.method), p.target,
        content);
    HttpHeaders h = request.headers();
    h.set(HttpHeaderNames.HOST, hostHeader);
    h.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
    p.headers.forEach(h::set);
    if (p.body != null || "POST".equals(p.method) || "PUT".equals(p.method)) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    }
    return request;
  }

  /** A connection is free: the longest-waiting request takes it, else it goes idle (reused first). */
  private void release(Connection c) {
    if (closed || !c.channel.isActive()) {
      c.channel.close();
      return;
    }
    Pending next = pollQueued();
    if (next != null) {
      write(c, next, true);
    } else {
      c.idleSince = System.nanoTime();
      idle.addFirst(c);
    }
  }

  /** A connection closed or failed to open: waiting requests get new ones up to the limit. */
  private void serveQueue() {
    while (open < maxConnections && !closed) {
      Pending next = pollQueued();
      if (next == null) {
        return;
      }
      connect(next);
    }
  }

  private void timedOut(Pending p) {
    if (p.result.isDone()) {
      return;
    }
    dequeued(p);
    Connection c = p.connection;
    if (c != null && c.current == p) {
      // the answer may still come: the connection cannot be reused
      c.current = null;
      c.channel.close();
    }
    fail(p, new HttpTimeoutException("No response from " + endpoint + " within "
        + TimeUnit.NANOSECONDS.toMillis(p.timeoutNanos) + " ms."));
  }

  private void fail(Pending p, Throwable cause) {
    ScheduledFuture<?> timer = p.timer;
    if (timer != null) {
      timer.cancel(false);
    }
    p.result.completeExceptionally(cause);
  }

  private void succeed(Pending p, RestResponse response) {
    ScheduledFuture<?> timer = p.timer;
    if (timer != null) {
      timer.cancel(false);
    }
    p.result.complete(response);
  }

  /**
   * Closes every connection and stops the I/O thread; requests in flight or waiting fail with an
   * {@link IOException}. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!group.isShuttingDown()) {
      try {
        loop.execute(this::failAll);
      } catch (RuntimeException e) {
        // already stopping
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
  }

  /** For tests: how long an idle connection is reused (60 s). */
  void idleTimeout(Duration idle) {
    this.idleNanos = idle.toNanos();
  }

  /** Whether the I/O thread has ended (after {@link #close()}). */
  boolean terminated() {
    return group.isTerminated();
  }

  private void failAll() {
    IOException e = new IOException("The ServiceManager was closed before " + endpoint + " answered.");
    Pending p;
    while ((p = queue.pollFirst()) != null) {
      dequeued(p);
      fail(p, e);
    }
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.channel.close();
    }
    // connections with a request in flight fail it in channelInactive
  }

  private static String describe(@Nullable Throwable cause) {
    if (cause == null) {
      return "unknown failure";
    }
    @Nullable String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** One request from hand-over to answer. */
  private static final class Pending {
    final String method;
    final String target;
    final Map<String, String> headers;
    final byte @Nullable [] body;
    final long timeoutNanos;
    final CompletableFuture<RestResponse> result;
    final long startNanos;
    // counted in waiting until it is on a connection or done
    boolean counted = true;
    boolean inQueue;
    boolean retried;
    @Nullable Connection connection;
    @Nullable ScheduledFuture<?> timer;

    Pending(String method, String target, Map<String, String> headers, byte @Nullable [] body, Duration timeout,
        CompletableFuture<RestResponse> result, long startNanos) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
      this.timeoutNanos = timeout.toNanos();
      this.result = result;
      this.startNanos = startNanos;
    }
  }

  /** One pooled connection: its request in flight and how its end is reported. */
  private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
    final Channel channel;
    final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        gotBytes = true;
        ctx.fireChannelRead(msg);
      }
    };
    @Nullable Pending current;
    boolean reused;
    boolean gotBytes;
    @Nullable Throwable failure;
    long idleSince;

    Connection(Channel channel) {
      this.channel = channel;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      Pending p = current;
      current = null;
      if (p == null) {
        // an answer nobody waits for (its request timed out): the connection's state is unknown
        channel.close();
        return;
      }
      if (response.decoderResult().isFailure()) {
        channel.close();
        // neither the decoder's message nor its cause: they may quote what the peer sent, e.g. an echoed header
        fail(p, new IOException("Malformed HTTP response from " + endpoint + " ("
            + response.decoderResult().cause().getClass().getSimpleName() + "); the connection was closed."));
        return;
      }
      @Nullable String errorCode = response.headers().get("x-ms-error-code");
      RestResponse answer = new RestResponse(response.status().code(), errorCode,
          response.content().toString(StandardCharsets.UTF_8));
      if (HttpUtil.isKeepAlive(response)) {
        release(this);
      } else {
        channel.close();
      }
      succeed(p, answer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (failure == null) {
        failure = cause;
      }
      channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      open--;
      idle.remove(this);
      Pending p = current;
      current = null;
      if (p != null && !p.result.isDone()) {
        Throwable cause = failure;
        if (cause instanceof TooLongFrameException) {
          fail(p, new IOException("The response from " + endpoint + " is larger than the " + MAX_RESPONSE_BYTES
              + " bytes the SDK accepts.", cause));
        } else if (!gotBytes && reused && !p.retried && !closed) {
          // the service closed the kept-alive connection before reading this request: it never arrived
          p.retried = true;
          p.connection = null;
          connect(p);
        } else if (closed) {
          fail(p, new IOException("The ServiceManager was closed before " + endpoint + " answered."));
        } else {
          fail(p, new IOException("The connection to " + endpoint + " closed before the response was complete"
              + (cause == null ? "." : ": " + describe(cause)), cause));
        }
      }
      serveQueue();
      ctx.fireChannelInactive();
    }
  }
}
