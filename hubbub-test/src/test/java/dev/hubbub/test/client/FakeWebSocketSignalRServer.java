package dev.hubbub.test.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A scripted SignalR server on Netty for WebSocket bad input: every negotiate offers WebSockets; a WebSocket on
 * {@code /ws} runs {@link #script} when the client's handshake arrives; other paths answer 404.
 */
final class FakeWebSocketSignalRServer implements AutoCloseable {
  /** What to do when the handshake (the first text frame) arrives. */
  volatile BiConsumer<ChannelHandlerContext, String> script = (ctx, handshake) ->
      ctx.writeAndFlush(new TextWebSocketFrame("{}\u001e"));
  /** Text of every frame the client sent. */
  final List<String> received = new CopyOnWriteArrayList<>();

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  FakeWebSocketSignalRServer() throws InterruptedException {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Negotiate(),
                new WebSocketServerProtocolHandler("/ws", null, false, 65536, false, true), new NotFound(),
                new Frames());
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  String url(String path) {
    return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path;
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    ctx.writeAndFlush(r);
  }

  /** Answers {@code POST .../negotiate} with a connection that offers WebSockets. */
  private static final class Negotiate extends SimpleChannelInboundHandler<FullHttpRequest> {
    Negotiate() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.uri().contains("/negotiate")) {
        request.release();
        respond(ctx, HttpResponseStatus.OK, FakeHttpSignalRServer.connection("WebSockets"));
      } else {
        ctx.fireChannelRead(request);
      }
    }
  }

  /** Any other HTTP request: 404. */
  private static final class NotFound extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      respond(ctx, HttpResponseStatus.NOT_FOUND, "No Connection with that ID.");
    }
  }

  /** Records frames; runs the script on the first one (the handshake). */
  private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private boolean handshaken;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      String text = frame.content().toString(StandardCharsets.UTF_8);
      received.add(text);
      if (!handshaken) {
        handshaken = true;
        script.accept(ctx, text);
      }
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
