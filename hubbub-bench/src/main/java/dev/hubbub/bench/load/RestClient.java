package dev.hubbub.bench.load;

import org.jspecify.annotations.Nullable;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A pool of keep-alive HTTP/1.1 connections for REST calls, one request in flight on each, all on one event
 * loop. Everything but {@link #connect} and {@link #close} runs on that loop.
 */
final class RestClient implements AutoCloseable {
  /** Told of each response (status, or -1 when the connection failed). On the loop. */
  interface Callback {
    void done(int status);
  }

  private final LoadConfig config;
  private final EventLoop loop;
  private final List<Channel> channels = new ArrayList<>();
  private final ArrayDeque<Channel> free = new ArrayDeque<>(); // loop
  private Runnable onFree = () -> { }; // loop
  final Histogram responseMicros = new Histogram(LoopStats.MAX_MICROS, 3); // loop
  long failures; // loop
  @Nullable String lastFailure; // loop

  RestClient(LoadConfig config, EventLoop loop) {
    this.config = config;
    this.loop = loop;
  }

  EventLoop loop() {
    return loop;
  }

  /** Opens the connections; throws when one cannot be opened within 10 s. */
  void connect() throws InterruptedException {
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1024 * 1024), new Exchange());
          }
        });
    for (int i = 0; i < config.restConnections(); i++) {
      ChannelFuture f = b.connect(new InetSocketAddress(config.host(), config.port()));
      if (!f.await(10, TimeUnit.SECONDS) || !f.isSuccess()) {
        throw new IllegalStateException("Cannot open REST connection " + i + " to " + config.endpoint() + ": "
            + f.cause() + ". Is the service running?");
      }
      channels.add(f.channel());
    }
    loop.submit(() -> free.addAll(channels)).await(10, TimeUnit.SECONDS);
  }

  /** Called on the loop whenever a connection becomes free. */
  void onFree(Runnable r) {
    onFree = r;
  }

  int freeConnections() {
    return free.size();
  }

  /**
   * Sends on a free connection. Loop only.
   *
   * @return false (and {@code request} released) when every connection is busy
   */
  boolean trySend(FullHttpRequest request, Callback callback) {
    Channel ch;
    while ((ch = free.poll()) != null && !ch.isActive()) {
      // a dead connection leaves the pool
    }
    if (ch == null) {
      request.release();
      return false;
    }
    Exchange exchange = ch.pipeline().get(Exchange.class);
    exchange.callback = callback;
    exchange.sentNanos = System.nanoTime();
    ch.writeAndFlush(request, ch.voidPromise());
    return true;
  }

  private final class Exchange extends SimpleChannelInboundHandler<FullHttpResponse> {
    @Nullable Callback callback;
    long sentNanos;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      responseMicros.recordValue(Math.min(LoopStats.MAX_MICROS, (System.nanoTime() - sentNanos) / 1000));
      Callback c = callback;
      callback = null;
      free.add(ctx.channel());
      if (c != null) {
        c.done(response.status().code());
      }
      onFree.run();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      lastFailure = cause.toString();
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Callback c = callback;
      callback = null;
      free.remove(ctx.channel());
      if (c != null) {
        failures++;
        c.done(-1);
      } else if (lastFailure == null) {
        lastFailure = "REST connection closed by the server";
      }
    }
  }

  @Override
  public void close() {
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }
}
