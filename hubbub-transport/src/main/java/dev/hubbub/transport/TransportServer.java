package dev.hubbub.transport;

import dev.hubbub.transport.internal.LeanRecvByteBufAllocator;
import dev.hubbub.transport.internal.ServerContext;
import dev.hubbub.transport.internal.TransportChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running transport endpoint: one listening socket serving any number of {@link TransportRoute}s
 * plus a plain HTTP fallback.
 *
 * <pre>{@code
 * TransportServer server = TransportServer.builder(TransportOptions.DEFAULTS)
 *     .route(TransportRoute.of("/chat", new TransportApplication("chat", handler)))
 *     .start();
 * int port = server.port();
 * ...
 * server.close();
 * }</pre>
 */
public final class TransportServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportServer.class);
  /**
   * The receive-buffer allocator of every accepted connection: it holds only its settings (each channel keeps its
   * own handle), so one serves all instead of Netty's default of one per channel. Adaptive like Netty's, but its
   * handle is one 32-byte object where Netty's adaptive handle is three of 112 bytes.
   */
  private static final LeanRecvByteBufAllocator RECEIVE_BUFFERS = new LeanRecvByteBufAllocator();

  private final TransportOptions options;
  private final EventLoopGroup group;
  private final ServerContext context;
  private final Channel listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final @Nullable Channel ipv6Loopback; // the ::1 twin of a loopback listener, when the machine has IPv6

  private TransportServer(TransportOptions options, EventLoopGroup group, ServerContext context,
      Channel listener, @Nullable Channel ipv6Loopback) {
    this.options = options;
    this.group = group;
    this.context = context;
    this.listener = listener;
    this.ipv6Loopback = ipv6Loopback;
  }

  /** Starts building a server with {@code options}. */
  public static Builder builder(TransportOptions options) {
    return new Builder(options);
  }

  /** The options the server runs with. */
  public TransportOptions options() {
    return options;
  }

  /** The port the server listens on (the chosen one when the options said 0). */
  public int port() {
    return address().getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** The {@code ::1} address the server also listens on (see {@link TransportOptions#bindAddress()}), or null. */
  public @Nullable InetSocketAddress ipv6LoopbackAddress() {
    return ipv6Loopback == null ? null : (InetSocketAddress) ipv6Loopback.localAddress();
  }

  /** Connections now open (negotiated but not yet connected ones included). */
  public int connectionCount() {
    return context.registry().size();
  }

  /**
   * Connections with more than {@link TransportOptions#backlogBytes()} queued towards their clients now: those a
   * sender outruns. Each connection reports when its queue crosses the mark, as a Netty channel reports a change
   * of writability, so this is one read however many connections there are. A count read while a connection
   * crosses the mark may lag that connection's crossing for a moment.
   */
  public int backloggedConnections() {
    return context.backloggedConnections();
  }

  /**
   * Completes once no connection has more than {@link TransportOptions#backlogBytes()} queued: at once if none has
   * now. For a sender that should not outrun its slowest clients: wait on it (with a timeout of your own) before
   * the next broadcast. It completes on a transport thread, so run blocking work with the {@code *Async} forms.
   * Nothing closes a backlogged connection but {@link TransportOptions#maxOutboundQueueBytes()}: a client that
   * stops reading keeps the count up until it reads, disconnects or is aborted at that limit.
   */
  public CompletionStage<Void> whenNoneBacklogged() {
    return context.whenNoneBacklogged();
  }

  /**
   * Stops accepting, ends every connection gracefully (their handlers get {@code onClosed}) and
   * shuts the event loops down, waiting up to a few seconds. Do not call from an event loop. Calling it again
   * does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.close().syncUninterruptibly();
    if (ipv6Loopback != null) {
      ipv6Loopback.close().syncUninterruptibly();
    }
    context.shutDown();
    group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private static boolean isIpv4Loopback(String bindAddress) {
    return bindAddress.equals("127.0.0.1") || bindAddress.equalsIgnoreCase("localhost");
  }

  /**
   * Also listens on {@code ::1}, so that clients resolving {@code localhost} to IPv6 first connect. Skipped
   * (null) when the machine has no IPv6 loopback; a warning when the port is taken there by someone else.
   */
  private static @Nullable Channel bindIpv6Loopback(ServerBootstrap bootstrap, int port) {
    InetAddress ipv6;
    try {
      ipv6 = InetAddress.getByName("::1");
    } catch (UnknownHostException e) {
      return null;
    }
    ChannelFuture bound = bootstrap.bind(new InetSocketAddress(ipv6, port)).awaitUninterruptibly();
    if (bound.isSuccess()) {
      return bound.channel();
    }
    Throwable cause = bound.cause();
    // NIO throws BindException("Address already in use"); epoll a NativeIoException naming bind(..) and the errno.
    String message = cause == null ? null : cause.getMessage();
    if (message != null && message.contains("Address already in use")) {
      log.warn("Cannot also listen on [::1]:{}: the port is in use there by another process, so clients that"
          + " resolve localhost to ::1 reach it instead. Pick another port, or bindAddress ::1 or 127.0.0.1 and"
          + " give clients that address.", port);
    } else {
      log.debug("Not listening on [::1]:{}: {} (no IPv6 loopback)", port, String.valueOf(cause));
    }
    return null;
  }

  /** Builds and starts a {@link TransportServer}. */
  public static final class Builder {
    private final TransportOptions options;
    private final List<TransportRoute> routes = new ArrayList<>();
    private HttpRequestHandler fallback = HttpRequestHandler.NOT_FOUND;

    private Builder(TransportOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /** Adds a SignalR endpoint. */
    public Builder route(TransportRoute route) {
      routes.add(Objects.requireNonNull(route, "route"));
      return this;
    }

    /** Serves every request that matches no route (default: 404). */
    public Builder fallback(HttpRequestHandler handler) {
      fallback = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Builds the transport for an application's own Netty server instead of binding a socket (see
     * {@link EmbeddedTransport}); the options' port and bind address are not used.
     *
     * @param group the event loops that serve the application's sockets (a {@code ServerBootstrap}'s child
     *     group): the transport keeps its sweeps (timeouts, heartbeats) on them
     */
    public EmbeddedTransport embed(EventLoopGroup group) {
      Objects.requireNonNull(group, "group");
      ServerContext context = new ServerContext(options, List.copyOf(routes), fallback, group);
      context.startSweepers();
      log.info("Hubbub transport embedded in an application's server (routes {})",
          routes.stream().map(TransportRoute::path).toList());
      return new EmbeddedTransport(context);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if the address cannot be bound (says which)
     */
    public TransportServer start() {
      int threads = options.ioThreads() > 0 ? options.ioThreads() : Runtime.getRuntime().availableProcessors();
      IoTransport io = IoTransport.best();
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
          new DefaultThreadFactory("hubbub-transport", true), io.ioHandlerFactory());
      ServerContext context = new ServerContext(options, List.copyOf(routes), fallback, group);
      try {
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(io.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // One allocator for every connection (it holds only its settings; each channel keeps its own
            // handle) instead of Netty's default of one per channel: 32 bytes less on every connection.
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
            .childHandler(new TransportChannelInitializer(context));
        Channel listener = bootstrap.bind(options.bindAddress(), options.port()).syncUninterruptibly().channel();
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        Channel ipv6 = isIpv4Loopback(options.bindAddress()) && bound.getAddress() instanceof Inet4Address
            ? bindIpv6Loopback(bootstrap, bound.getPort())
            : null;
        context.startSweepers();
        log.info("Hubbub transport listening on {}{} (routes {}, {} I/O)", listener.localAddress(),
            ipv6 == null ? "" : " and " + ipv6.localAddress(), routes.stream().map(TransportRoute::path).toList(),
            io.name().toLowerCase(java.util.Locale.ROOT));
        return new TransportServer(options, group, context, listener, ipv6);
      } catch (Exception e) {
        // Netty rethrows the BindException (checked) undeclared: catch it too, or the threads leak.
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        throw new IllegalStateException("Cannot listen on " + options.bindAddress() + ":" + options.port()
            + ": " + e.getMessage() + ". Pick another port (0 chooses a free one) or bindAddress.", e);
      }
    }
  }
}
