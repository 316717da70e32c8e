package dev.hubbub.spring.boot.internal;

import dev.hubbub.transport.EmbeddedTransport;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right behind the application server's HTTP codec and sends the requests of hub paths (and, once a hub
 * request upgraded the socket, everything after) to the Hubbub handler placed right after it; every other
 * message skips that handler and goes on to the application's own handlers. One per socket, loop-confined.
 *
 * <p>Writes made from the tail of the pipeline while a hub request is being answered (the transport answers
 * there, and the WebSocket handshake writes its 101 there) are turned back here by {@link HubWriteBypass}, so the
 * application's HTTP handlers, which never saw the request, do not rewrite or count the response.
 *
 * <p>Responses leave in the order of their requests. A client may send its next request as soon as it has the
 * application's whole body, before the application has written the (empty) end of that response; a hub request
 * that arrives then is held, with whatever follows it, until the application's response has ended, and only
 * then goes to the hub. Answered at once, the hub's response would have cut into the application's.
 *
 * <p>Reactor Netty turns auto-read off while a request's body waits for its reader, and on again once the request
 * has arrived whole. A hub request that comes while it is off turns it on (the transport reads bodies, polls and
 * WebSocket frames as they come); when its response ends, the socket goes back to reading on demand with one read
 * asked for, so that the next request, whoever's it is, arrives. A WebSocket keeps auto-read on. While a hub
 * request is held, nothing more is read.
 */
public final class HubRequestDiverter extends ChannelDuplexHandler {
  public static final String NAME = "hubbub.diverter";
  public static final String HUB_HANDLER = "hubbub.http";
  private static final Logger log = LoggerFactory.getLogger(HubRequestDiverter.class);

  private final EmbeddedTransport transport;
  private final boolean negotiateThroughApplication;
  private @Nullable ChannelHandlerContext context;
  private boolean hubRequest; // the last request head was for a hub path
  private boolean upgraded; // a hub request asked for a WebSocket: the socket is the hub's from now on
  private boolean restoreOnDemandReads; // auto-read was off before the hub request turned it on
  private int applicationResponses; // requests given to the application whose response has not ended yet
  /** A hub request (and what followed it) read while the application's response was not over; null if none. */
  private @Nullable ArrayDeque<Object> held;
  private boolean autoReadBeforeHold; // restored when what was held goes on

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

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  /** Whether the socket is now answering a hub request (or is a hub WebSocket). */
  boolean diverting() {
    return hubRequest || upgraded;
  }

  /**
   * A write that started at the pipeline's tail while {@link #diverting()}: it goes to the codec from here,
   * past the application's handlers.
   *
   * @return false, writing nothing, when this handler has left the pipeline (the caller writes on as usual)
   */
  boolean writeFromTail(Object msg, ChannelPromise promise) {
    ChannelHandlerContext ctx = context;
    if (ctx == null || ctx.isRemoved()) {
      return false;
    }
    boolean ends = endsResponse(msg);
    ctx.write(msg, promise);
    if (ends) {
      hubResponseEnded(ctx);
    }
    return true;
  }

  /** This handler's context, where diverted writes re-enter the pipeline (towards the codec). */
  @Nullable ChannelHandlerContext context() {
    return context;
  }

  private static boolean endsResponse(Object msg) {
    return msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean ends = endsResponse(msg);
    boolean hub = diverting();
    ctx.write(msg, promise);
    if (!ends || upgraded) {
      return;
    }
    if (hub) {
      hubResponseEnded(ctx);
    } else if (applicationResponses > 0 && --applicationResponses == 0) {
      // Not from inside this write: the held requests may be answered at once, writing again; and Reactor Netty
      // may still be answering a request it buffered, after which it asks for no read (see readOn).
      ctx.executor().execute(() -> {
        if (held != null) {
          releaseHeldTo(ctx);
        } else {
          readOn(ctx);
        }
      });
    }
  }

  /**
   * Every response the application owed has ended and nothing is held: the socket should be reading the next
   * request. Reactor Netty 1.2 forgets to ask for that read after answering a request it had buffered because it
   * arrived before the previous response ended (reactor/reactor-netty#4361), which a browser's keep-alive socket
   * does all the time; the next request on that socket then waited forever. Asking for a read that Reactor Netty
   * asked for already changes nothing; when it forgot, this one reads the next request.
   */
  private void readOn(ChannelHandlerContext ctx) {
    if (ctx.isRemoved() || held != null || applicationResponses > 0 || diverting()
        || ctx.channel().config().isAutoRead() || !ctx.channel().isActive()) {
      return;
    }
    if (log.isDebugEnabled()) {
      log.debug("{}: the application's responses ended; one read asked for", ctx.channel());
    }
    ctx.read();
  }

  private void hubResponseEnded(ChannelHandlerContext ctx) {
    if (upgraded) {
      return;
    }
    if (log.isDebugEnabled()) {
      log.debug("{}: the hub's response ended{}", ctx.channel(),
          restoreOnDemandReads ? "; reading on demand again, one read asked for" : "");
    }
    if (restoreOnDemandReads) {
      restoreOnDemandReads = false;
      ctx.channel().config().setAutoRead(false);
      ctx.read();
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (held != null) {
      return; // nothing more is read until the held request has gone to the hub
    }
    ctx.read();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (held == null) {
      ctx.fireChannelReadComplete();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ArrayDeque<Object> waiting = held;
    if (waiting != null) {
      waiting.add(msg);
      return;
    }
    if (!upgraded && msg instanceof HttpRequest request) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      boolean hub = transport.serves(uri.path());
      if (hub && negotiateThroughApplication && uri.path().endsWith("/negotiate")
          && !uri.parameters().containsKey(PrincipalTokens.MARKER)) {
        hub = false;
      }
      if (hub && applicationResponses > 0) {
        if (log.isDebugEnabled()) {
          log.debug("{}: {} {} waits for the application's response to the previous request", ctx.channel(),
              request.method(), uri.path());
        }
        ArrayDeque<Object> h = new ArrayDeque<>(4);
        h.add(msg);
        held = h;
        autoReadBeforeHold = ctx.channel().config().isAutoRead();
        ctx.channel().config().setAutoRead(false);
        return;
      }
      hubRequest = hub;
      if (hub && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        upgraded = true;
      }
      if (hub && !ctx.channel().config().isAutoRead()) {
        restoreOnDemandReads = !upgraded;
        ctx.channel().config().setAutoRead(true);
      }
      if (!hub) {
        applicationResponses++;
      }
      if (log.isDebugEnabled()) {
        log.debug("{}: {} {} goes to {}{}", ctx.channel(), request.method(), uri.path(),
            hub ? "the hub" : "the application", upgraded ? " (a hub WebSocket)" : "");
      }
    }
    if (diverting()) {
      ctx.fireChannelRead(msg);
      return;
    }
    ChannelHandlerContext hubHandler = ctx.pipeline().context(HUB_HANDLER);
    if (hubHandler != null) {
      hubHandler.fireChannelRead(msg); // skips the Hubbub handler
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /** The application's response ended: what was held goes on, in order, as if it had just been read. */
  private void releaseHeldTo(ChannelHandlerContext ctx) {
    ArrayDeque<Object> waiting = held;
    if (waiting == null || ctx.isRemoved()) {
      return;
    }
    held = null;
    ctx.channel().config().setAutoRead(autoReadBeforeHold);
    Object msg;
    while ((msg = waiting.poll()) != null) {
      ArrayDeque<Object> stillHeld = held;
      if (stillHeld != null) {
        stillHeld.add(msg); // the released request was the application's again, and a hub request after it
      } else {
        channelRead(ctx, msg);
      }
    }
    if (held == null) {
      ctx.fireChannelReadComplete();
      if (!ctx.channel().config().isAutoRead()) {
        ctx.read();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    ctx.fireChannelInactive();
  }

  private void releaseHeld() {
    ArrayDeque<Object> waiting = held;
    held = null;
    if (waiting != null) {
      waiting.forEach(ReferenceCountUtil::release);
    }
  }
}
