package dev.hubbub.spring.boot.internal;

import dev.hubbub.transport.EmbeddedTransport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * Sits right behind the application server's HTTP codec and sends the requests of hub paths (and, once a hub
 * request upgraded the socket, everything after) to the Hubbub handler placed right after it; every other
 * message skips that handler and goes on to the application's own handlers. One per socket, loop-confined.
 *
 * <p>Writes made from the tail of the pipeline while a hub request is being answered (the WebSocket handshake
 * writes its 101 there) are turned back here by {@link HubWriteBypass}, so the application's HTTP handlers, which
 * never saw the request, do not rewrite or count the response.
 *
 * <p>Reactor Netty reads only when it asks to (auto-read off) and asks only for its own requests. While a hub request
 * is answered, auto-read is on (the transport reads bodies, polls and WebSocket frames as they come); when its
 * response ends, the socket goes back to reading on demand with one read asked for, so that the next request,
 * whoever's it is, arrives. A WebSocket keeps auto-read on.
 */
public final class HubRequestDiverter extends ChannelDuplexHandler {
  public static final String NAME = "hubbub.diverter";
  public static final String HUB_HANDLER = "hubbub.http";

  private final EmbeddedTransport transport;
  private final boolean negotiateThroughApplication;
  private @Nullable ChannelHandlerContext context;
  private boolean hubRequest; // the last request head was for a hub path
  private boolean upgraded; // a hub request asked for a WebSocket: the socket is the hub's from now on
  private boolean restoreOnDemandReads; // auto-read was off before the hub request turned it on

  /**
   * @param negotiateThroughApplication whether a hub's first negotiate (without {@link PrincipalTokens#MARKER}) is
   *     left to the application, which answers it with a redirect carrying its principal
   */
  public HubRequestDiverter(EmbeddedTransport transport, boolean negotiateThroughApplication) {
    this.transport = transport;
    this.negotiateThroughApplication = negotiateThroughApplication;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  /** Whether the socket is now answering a hub request (or is a hub WebSocket). */
  boolean diverting() {
    return hubRequest || upgraded;
  }

  /** This handler's context, where diverted writes re-enter the pipeline (towards the codec). */
  @Nullable ChannelHandlerContext context() {
    return context;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean ends = hubRequest && !upgraded && msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
    ctx.write(msg, promise);
    if (ends && restoreOnDemandReads) {
      restoreOnDemandReads = false;
      ctx.channel().config().setAutoRead(false);
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!upgraded && msg instanceof HttpRequest request) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      hubRequest = transport.serves(uri.path());
      if (hubRequest && negotiateThroughApplication && uri.path().endsWith("/negotiate")
          && !uri.parameters().containsKey(PrincipalTokens.MARKER)) {
        hubRequest = false;
      }
      if (hubRequest && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        upgraded = true;
      }
      if (hubRequest && !ctx.channel().config().isAutoRead()) {
        restoreOnDemandReads = !upgraded;
        ctx.channel().config().setAutoRead(true);
      }
    }
    if (diverting()) {
      ctx.fireChannelRead(msg);
      return;
    }
    ChannelHandlerContext hub = ctx.pipeline().context(HUB_HANDLER);
    if (hub != null) {
      hub.fireChannelRead(msg); // skips the Hubbub handler
    } else {
      ctx.fireChannelRead(msg);
    }
  }
}
