package dev.hubbub.bench.load;

import org.jspecify.annotations.Nullable;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The WebSocket clients of a run: opens them at a bounded rate, knows which finished their handshake, and
 * gathers what their event loops recorded.
 */
final class ClientFleet implements AutoCloseable {
  private static final int MAX_ERROR_SAMPLES = 8;

  private final LoadConfig config;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
  private final Channel[] channels; // written by the opening thread only
  private final AtomicReferenceArray<String> connectionIds;
  private final AtomicIntegerArray openClients; // 1 from the handshake reply until the client is lost
  private final AtomicInteger handshaken = new AtomicInteger();
  private final AtomicInteger failedBeforeOpen = new AtomicInteger();
  private final AtomicInteger lostAfterOpen = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
  private final byte[] handshakeFrame;
  private final String hostHeader;
  private volatile boolean closing;
  private int launched;

  /** The measured window, by send timestamp and by arrival ({@code System.nanoTime()}). */
  volatile long windowStart = Long.MAX_VALUE;
  volatile long windowEnd = Long.MAX_VALUE;

  ClientFleet(LoadConfig config, EventLoopGroup group) {
    this.config = config;
    this.group = group;
    for (EventExecutor e : group) {
      stats.put(e, new LoopStats());
    }
    this.channels = new Channel[config.connections()];
    this.connectionIds = new AtomicReferenceArray<>(config.connections());
    this.openClients = new AtomicIntegerArray(config.connections());
    this.hostHeader = config.host() + ":" + config.port();
    this.handshakeFrame = maskedTextFrame("{\"protocol\":\"" + config.protocol() + "\",\"version\":1}\u001e");
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .remoteAddress(new InetSocketAddress(config.host(), config.port()));
  }

  /** A client text frame (see {@link InvocationFrameEncoder#writeHeader}). */
  static byte[] maskedTextFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf frame = Unpooled.buffer(14 + payload.length);
    InvocationFrameEncoder.writeHeader(frame, InvocationFrameEncoder.OPCODE_TEXT, payload.length);
    frame.writeBytes(payload);
    return ByteBufUtil.getBytes(frame);
  }

  LoadConfig config() {
    return config;
  }

  String hostHeader() {
    return hostHeader;
  }

  /** The request target of the negotiate POST. */
  String negotiateTarget() {
    return config.target() == Target.SELF
        ? "/" + config.hub() + "/negotiate?negotiateVersion=1"
        : "/client/negotiate?hub=" + config.hub() + "&negotiateVersion=1";
  }

  /** The request target of the WebSocket upgrade; {@code connectionToken} is null without negotiate. */
  String upgradeTarget(@Nullable String connectionToken) {
    String id = connectionToken == null ? "" : "id=" + URLEncoder.encode(connectionToken, StandardCharsets.UTF_8);
    return config.target() == Target.SELF
        ? "/" + config.hub() + (id.isEmpty() ? "" : "?" + id)
        : "/client/?hub=" + config.hub() + (id.isEmpty() ? "" : "&" + id);
  }

  byte[] handshakeFrame() {
    return handshakeFrame;
  }

  LoopStats stats(EventLoop loop) {
    LoopStats s = stats.get(loop);
    if (s == null) {
      throw new IllegalStateException("no stats for event loop " + loop);
    }
    return s;
  }

  boolean closing() {
    return closing;
  }

  /**
   * Opens every connection, at most {@code connectRate} per second and {@code maxPendingConnects} unanswered
   * at once, and waits for the handshakes.
   *
   * @return false when the deadline passed before every client answered or failed
   */
  boolean open(long deadlineNanos) {
    // a self-hosted hub server has no authenticator here: its clients go without a token
    AccessTokenIssuer issuer = config.target() == Target.SELF ? null
        : AccessTokenIssuer.builder(config.accessKey()).build();
    String audience = "http://localhost/client/?hub=" + config.hub();
    long start = System.nanoTime();
    int n = config.connections();
    while (launched < n && System.nanoTime() < deadlineNanos) {
      long elapsed = System.nanoTime() - start;
      long allowed = Math.min(n, elapsed * config.connectRate() / 1_000_000_000L + 1);
      while (launched < allowed && pending() < config.maxPendingConnects()) {
        int i = launched++;
        String token = issuer == null ? null : issuer.issue(audience, TokenClaims.builder().nameId(userOf(i)).build());
        WebSocketClientHandler handler = new WebSocketClientHandler(this, i, token, System.nanoTime());
        int server = i % (1 + config.extraPorts().size());
        ChannelFuture f = server > 0
            ? bootstrap.clone().handler(handler).connect(new InetSocketAddress(config.host(),
                config.extraPorts().get(server - 1)))
            : bootstrap.clone().handler(handler).connect();
        channels[i] = f.channel();
        f.addListener(done -> {
          if (!done.isSuccess()) {
            failed(i, false, "connect failed: " + done.cause());
          }
        });
      }
      LockSupport.parkNanos(1_000_000);
    }
    while (pending() > 0 && System.nanoTime() < deadlineNanos) {
      LockSupport.parkNanos(5_000_000);
    }
    return launched == n && pending() == 0;
  }

  static String userOf(int index) {
    return "u" + index;
  }

  private int pending() {
    return launched - handshaken.get() - failedBeforeOpen.get();
  }

  int launched() {
    return launched;
  }

  int handshaken() {
    return handshaken.get();
  }

  /** Clients that are open now. */
  int open() {
    return handshaken.get() - lostAfterOpen.get();
  }

  int failedBeforeOpen() {
    return failedBeforeOpen.get();
  }

  int lostAfterOpen() {
    return lostAfterOpen.get();
  }

  int errors() {
    return errors.get();
  }

  List<String> errorSamples() {
    return List.copyOf(errorSamples);
  }

  /** The connection id of client {@code index}, known once its negotiate answered; null otherwise. */
  String connectionId(int index) {
    return connectionIds.get(index);
  }

  void connectionId(int index, String id) {
    connectionIds.set(index, id);
  }

  void handshaken(int index) {
    openClients.set(index, 1);
    handshaken.incrementAndGet();
  }

  /** Whether client {@code index} finished its handshake and is still open. */
  boolean isOpen(int index) {
    return openClients.get(index) == 1;
  }

  /** The channel of client {@code index}; call after {@link #open} returned. */
  Channel channel(int index) {
    return channels[index];
  }

  void failed(int index, boolean wasOpen, String why) {
    openClients.set(index, 0);
    (wasOpen ? lostAfterOpen : failedBeforeOpen).incrementAndGet();
    errors.incrementAndGet();
    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
      errorSamples.add("client " + index + ": " + why);
    }
  }

  void closedByServer(int index, boolean wasOpen, String reason) {
    if (!closing) {
      failed(index, wasOpen, "closed by the server" + (reason.isEmpty() ? "" : ": " + reason));
    }
  }

  /** Sums what every loop recorded, read on the loops themselves. */
  LoopStats collect() throws InterruptedException {
    LoopStats total = new LoopStats();
    for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
      LoopStats s = e.getValue();
      try {
        total.add(e.getKey().submit(s::snapshot).get(10, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException ex) {
        throw new IllegalStateException("Could not read the statistics of an event loop: " + ex, ex);
      }
    }
    return total;
  }

  /** Closes every client (the server sees normal closes) and waits up to 10 s for the sockets to go. */
  @Override
  public void close() {
    closing = true;
    List<ChannelFuture> futures = new ArrayList<>();
    for (int i = 0; i < launched; i++) {
      if (channels[i] != null) {
        futures.add(channels[i].close());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ChannelFuture f : futures) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
        break;
      }
    }
  }
}
