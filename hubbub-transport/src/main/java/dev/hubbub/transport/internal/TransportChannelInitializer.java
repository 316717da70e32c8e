package dev.hubbub.transport.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/** The pipeline of an accepted socket: HTTP codec, then the dispatcher (which may upgrade to WebSocket). */
public final class TransportChannelInitializer extends ChannelInitializer<Channel> {
  private final ServerContext server;
  /** One for all channels: the codec reads its settings when it is made and keeps nothing of it. */
  private final HttpDecoderConfig decoderConfig;

  public TransportChannelInitializer(ServerContext server) {
    this.server = server;
    this.decoderConfig = new HttpDecoderConfig()
        .setMaxInitialLineLength(server.options().maxRequestLineBytes())
        .setMaxHeaderSize(server.options().maxHeaderBytes());
  }

  @Override
  protected void initChannel(Channel ch) {
    HttpDispatcher dispatcher = new HttpDispatcher(server);
    ch.pipeline()
        .addLast(REQUEST_START, new RequestStart(dispatcher))
        .addLast(HTTP_CODEC, new HttpServerCodec(decoderConfig))
        .addLast("hubbub-dispatcher", dispatcher);
  }

  static final String REQUEST_START = "hubbub-request-start";
  static final String HTTP_CODEC = "hubbub-http";

  /**
   * Tells the dispatcher when bytes arrive, before the codec buffers them (a request's timeout runs from its
   * first byte). Leaves the pipeline with the dispatcher.
   */
  private static final class RequestStart extends ChannelInboundHandlerAdapter {
    private final HttpDispatcher dispatcher;

    RequestStart(HttpDispatcher dispatcher) {
      this.dispatcher = dispatcher;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      dispatcher.bytesArrived();
      ctx.fireChannelRead(msg);
    }
  }
}
