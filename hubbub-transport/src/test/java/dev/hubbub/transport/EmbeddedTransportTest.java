package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
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
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport mounted in an application's own Netty server: as a whole socket's initializer, and as the last
 * handler behind the application's HTTP codec and router, with the application's own routes on the same port.
 */
class EmbeddedTransportTest extends TransportTestBase {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private EmbeddedTransport embedded;
  private Channel listener;

  @AfterEach
  void stopApplication() {
    if (embedded != null) {
      embedded.close();
    }
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private EmbeddedTransport embed() {
    return TransportServer.builder(FAST)
        .route(TransportRoute.of("/chat", new TransportApplication("chat", handler)))
        .fallback((request, body, responder) -> responder.respond(200, "text/plain", "fallback " + request.path()))
        .embed(group);
  }

  private void listen(ChannelInitializer<Channel> init) {
    listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(init)
        .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    client = new TestClient(((InetSocketAddress) listener.localAddress()).getPort());
  }

  @Test
  void wholeSocketsServeNegotiateEveryTransportAndTheFallback() throws Exception {
    handler.echo();
    embedded = embed();
    listen(new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(embedded.channelInitializer());
      }
    });

    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    TestClient.WsClient ws = client.webSocket("/chat?id=" + n.connectionToken());
    assertThat(handler.take()).isEqualTo("connected");
    ws.sendText("hi\u001e");
    assertThat(handler.take()).isEqualTo("data:hi\u001e");
    assertThat(ws.take()).isEqualTo("text:hi\u001e");
    assertThat(embedded.connectionCount()).isEqualTo(1);

    NegotiateResponse lp = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(client.get("/chat?id=" + lp.connectionToken()).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    assertThat(client.post("/chat?id=" + lp.connectionToken(), "x\u001e").statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("data:x\u001e");
    assertThat(client.get("/chat?id=" + lp.connectionToken()).body()).isEqualTo("x\u001e");

    assertThat(client.get("/other").body()).isEqualTo("fallback /other");

    // Closing the transport ends its connections; the application's loops and listener keep running.
    embedded.close();
    assertThat(ws.take()).startsWith("close:1000");
    await().until(() -> embedded.connectionCount() == 0);
    assertThat(group.isShuttingDown()).isFalse();
  }

  @Test
  void behindTheApplicationsCodecAndRouter() throws Exception {
    handler.echo();
    embedded = embed();
    assertThat(embedded.serves("/chat")).isTrue();
    assertThat(embedded.serves("/chat/negotiate")).isTrue();
    assertThat(embedded.serves("/chat/")).isTrue();
    assertThat(embedded.serves("/app")).isFalse();
    assertThat(embedded.serves("chat")).isFalse();
    listen(new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec()).addLast(new AppRouter(embedded))
            .addLast(embedded.newHttpHandler());
      }
    });

    // The application's own route answers on the same port, and so does the transport.
    HttpResponse<String> app = client.get("/app?x=1");
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.body()).isEqualTo("app /app");

    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    TestClient.WsClient ws = client.webSocket("/chat?id=" + n.connectionToken());
    assertThat(handler.take()).isEqualTo("connected");
    ws.sendText("over the app's socket\u001e");
    assertThat(handler.take()).isEqualTo("data:over the app's socket\u001e");
    assertThat(ws.take()).isEqualTo("text:over the app's socket\u001e");

    // Long polling with a body that arrives in parts, and a parked poll answered later.
    NegotiateResponse lp = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(client.get("/chat?id=" + lp.connectionToken()).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(1);
    CompletableFuture<HttpResponse<String>> parked = client.http.sendAsync(
        java.net.http.HttpRequest.newBuilder(client.uri("/chat?id=" + lp.connectionToken())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    await().until(() -> c.eventLoop().submit(
        () -> ((dev.hubbub.transport.internal.ConnectionImpl) c).hasParkedPoll()).get());
    c.write(Unpooled.copiedBuffer("later\u001e", UTF_8));
    assertThat(parked.get().body()).isEqualTo("later\u001e");
    assertThat(client.post("/chat?id=" + lp.connectionToken(), "y".repeat(20_000) + "\u001e").statusCode())
        .isEqualTo(200);
    assertThat(handler.take()).hasSize("data:".length() + 20_001);

    // Server-Sent Events.
    NegotiateResponse sse = client.negotiate("/chat", "negotiateVersion=1");
    java.net.http.HttpRequest sseRequest = java.net.http.HttpRequest.newBuilder(client.uri("/chat?id="
        + sse.connectionToken())).header("Accept", "text/event-stream").GET().build();
    HttpResponse<java.io.InputStream> stream = client.http.send(sseRequest, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(handler.take()).isEqualTo("connected");
    stream.body().close();
  }

  @Test
  void embeddingOnLoopsItDoesNotKnowFailsClearly() {
    embedded = embed();
    EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel wrong = new ServerBootstrap().group(other).channel(NioServerSocketChannel.class)
          .childHandler(embedded.channelInitializer()).bind("127.0.0.1", 0).syncUninterruptibly().channel();
      try {
        TestClient c = new TestClient(((InetSocketAddress) wrong.localAddress()).getPort());
        // The socket on a foreign loop is refused rather than served without its timeouts.
        assertThatThrownBy(() -> c.get("/chat/negotiate")).isInstanceOf(java.io.IOException.class);
      } finally {
        wrong.close().syncUninterruptibly();
      }
    } finally {
      other.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /**
   * An application's router: answers {@code /app} itself and passes the transport's requests (with their content,
   * and everything after a WebSocket upgrade) on to the next handler.
   */
  private static final class AppRouter extends ChannelInboundHandlerAdapter {
    private final EmbeddedTransport transport;
    private boolean passing;

    AppRouter(EmbeddedTransport transport) {
      this.transport = transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        passing = transport.serves(new QueryStringDecoder(request.uri()).path());
      } else if (!(msg instanceof HttpContent)) {
        ctx.fireChannelRead(msg); // WebSocket frames after an upgrade
        return;
      }
      if (passing) {
        ctx.fireChannelRead(msg);
        return;
      }
      if (msg instanceof HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.copiedBuffer("app " + path, UTF_8));
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
