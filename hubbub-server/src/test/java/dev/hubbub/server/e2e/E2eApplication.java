package dev.hubbub.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hubbub.server.HubServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * An application's own Netty HTTP server with the hub server mounted in it ({@code HubServer.startEmbedded}): its
 * codec and router first, answering {@code GET /app} itself and passing the hub server's requests on.
 */
public final class E2eApplication {
  private E2eApplication() {
  }

  /** Binds on loopback and returns the port. */
  public static int listen(EventLoopGroup group, HubServer hubs, int port) {
    Channel listener = new ServerBootstrap().group(group)
        .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpServerCodec()).addLast(new Router(hubs)).addLast(hubs.newHttpHandler());
          }
        })
        .bind("127.0.0.1", port).syncUninterruptibly().channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** The application's router: its page at {@code /app}, the hub server's requests passed on, 404 otherwise. */
  private static final class Router extends ChannelInboundHandlerAdapter {
    private final HubServer hubs;
    private boolean passing;

    Router(HubServer hubs) {
      this.hubs = hubs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        passing = hubs.serves(new QueryStringDecoder(request.uri()).path());
      } else if (!(msg instanceof HttpContent)) {
        ctx.fireChannelRead(msg); // WebSocket frames after an upgrade
        return;
      }
      if (passing) {
        ctx.fireChannelRead(msg);
        return;
      }
      if (msg instanceof HttpRequest request) {
        boolean app = new QueryStringDecoder(request.uri()).path().equals("/app");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            app ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
            Unpooled.copiedBuffer(app ? "the application's own page" : "", UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response);
      }
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        passing = false;
      }
    }
  }
}
