package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
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
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A scripted stand-in for the SignalR service's {@code /server} endpoint: a Netty WebSocket server on a free
 * loopback port that records each accepted server connection (request URI, headers) and the service
 * messages it receives, and lets the test send messages back byte for byte. Like the service, it answers a
 * {@code shutdown} ping with {@code finack}.
 */
final class FakeSignalRService implements AutoCloseable {
  private static final AttributeKey<Conn> CONN = AttributeKey.valueOf("fake-conn");

  final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  /** One server connection as the fake sees it. */
  static final class Conn {
    final Channel channel;
    final String uri;
    final HttpHeaders headers;
    final BlockingQueue<ServiceMessage> inbox = new LinkedBlockingQueue<>();
    final ServiceMessageReader reader = new ServiceMessageReader();

    Conn(Channel channel, String uri, HttpHeaders headers) {
      this.channel = channel;
      this.uri = uri;
      this.headers = headers;
    }

    void send(ServiceMessage message) {
      channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ServiceProtocol.write(message))));
    }

    /**
     * Sends {@code bytes} as one binary WebSocket frame, whatever they are, and waits until written. When the hub
     * server drops the connection while it is being written (it does, for bad input), the write fails and that
     * is fine: the test checks what the hub server did.
     */
    void sendRaw(byte[] bytes) {
      channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).awaitUninterruptibly();
    }

    /** The next message other than a keep-alive ping. */
    ServiceMessage next() throws InterruptedException {
      while (true) {
        ServiceMessage m = inbox.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message from the hub server within 10 s").isNotNull();
        if (m instanceof PingMessage p && p.messages().isEmpty()) {
          continue;
        }
        return m;
      }
    }

    /** The next message of {@code type} matching {@code test}, skipping the others. */
    <T extends ServiceMessage> T expect(Class<T> type, Predicate<T> test) throws InterruptedException {
      while (true) {
        ServiceMessage m = next();
        if (type.isInstance(m) && test.test(type.cast(m))) {
          return type.cast(m);
        }
      }
    }

    <T extends ServiceMessage> T expect(Class<T> type) throws InterruptedException {
      return expect(type, m -> true);
    }

    /**
     * Writes a binary frame header announcing all of {@code payload} but only its first half, then closes the
     * TCP connection without a close frame: the socket dies in the middle of a WebSocket frame.
     */
    void cutMidFrame(byte[] payload) {
      io.netty.buffer.ByteBuf raw = Unpooled.buffer();
      raw.writeByte(0x82); // FIN + binary, unmasked (server to client)
      if (payload.length < 126) {
        raw.writeByte(payload.length);
      } else if (payload.length < 65536) {
        raw.writeByte(126).writeShort(payload.length);
      } else {
        raw.writeByte(127).writeLong(payload.length);
      }
      raw.writeBytes(payload, 0, payload.length / 2);
      // From the first handler's context: past the WebSocket handlers, which would add a close frame.
      ChannelHandlerContext first = channel.pipeline().firstContext();
      first.writeAndFlush(raw).awaitUninterruptibly();
      first.close().awaitUninterruptibly();
    }

    void drop() {
      channel.close().awaitUninterruptibly();
    }
  }

  FakeSignalRService() {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/server").checkStartsWith(true).maxFramePayloadLength(1 << 20).build()),
                new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                      Conn c = new Conn(ctx.channel(), hc.requestUri(), hc.requestHeaders());
                      ctx.channel().attr(CONN).set(c);
                      accepted.add(c);
                    }
                    super.userEventTriggered(ctx, evt);
                  }

                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame)
                      throws ProtocolException {
                    Conn c = ctx.channel().attr(CONN).get();
                    c.reader.read(frame.content().nioBuffer(), m -> {
                      c.inbox.add(m);
                      if (m instanceof PingMessage p && p.messages().size() == 2
                          && p.messages().get(0).equals(PingMessage.SHUTDOWN)) {
                        c.send(PingMessage.finAck()); // as the service does
                      }
                    });
                  }
                });
          }
        });
    server = b.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Conn accept() throws InterruptedException {
    Conn c = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(c).as("a server connection within 10 s").isNotNull();
    return c;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
