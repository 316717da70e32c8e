package dev.hubbub.transport.internal;

import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportUser;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a channel: aggregates each request's body within the limit of its route, answers
 * CORS preflights, routes to negotiate, the connection endpoint or the plain HTTP fallback.
 * Enforces {@link dev.hubbub.transport.TransportOptions#keepAliveTimeout()} between requests and
 * {@link dev.hubbub.transport.TransportOptions#requestTimeout()} while one arrives, through the loop's
 * sweep; neither runs while a request is being answered. Leaves the pipeline when the socket becomes a
 * WebSocket. One instance per channel; confined to the channel's loop.
 */
public final class HttpDispatcher extends ChannelDuplexHandler implements SweepList.Member {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);
  /** Its place in its loop's sweep ({@link SweepList}), -1 when not in it; loop-confined. */
  private int sweepSlot = -1;

  private final ServerContext server;
  /** False behind another application's HTTP codec: that application owns the socket's idle and request timeouts. */
  private final boolean ownsSocket;

  // Timeouts (loop-confined). The deadline applies only when nothing is in flight.
  private @Nullable ChannelHandlerContext context;
  private @Nullable LoopSweeper sweeper;
  private int inFlight; // requests received whole and not yet answered
  private boolean partial; // bytes of a request arrived and it is not whole yet
  private long partialSince;
  private long idleSince;

  // Current request (loop-confined).
  private @Nullable HttpRequest head;
  private @Nullable ByteBuf body;
  private int limit;
  private boolean discarding;

  public HttpDispatcher(ServerContext server) {
    this(server, true);
  }

  /**
   * @param ownsSocket whether the socket is the transport's own (its codec in front, its timeouts apply) or
   *     another application's, whose HTTP codec and handlers come first and pass Hubbub's requests on
   */
  public HttpDispatcher(ServerContext server, boolean ownsSocket) {
    this.server = server;
    this.ownsSocket = ownsSocket;
  }

  /** Whether the socket is the transport's own: its pipeline is {@link TransportChannelInitializer}'s. */
  boolean ownsSocket() {
    return ownsSocket;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      activate(ctx); // added to a socket that is already open: no channelActive follows
    }
  }

  // ---- timeouts --------------------------------------------------------------------------

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    activate(ctx);
    super.channelActive(ctx);
  }

  private void activate(ChannelHandlerContext ctx) {
    if (context != null) {
      return;
    }
    context = ctx;
    idleSince = System.nanoTime();
    if (ownsSocket) {
      LoopSweeper s = server.sweeper(ctx.channel().eventLoop());
      sweeper = s;
      s.add(this);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    unregister();
    releaseBody();
    if (ctx.channel().isActive() && ctx.pipeline().get(TransportChannelInitializer.REQUEST_START) != null) {
      ctx.pipeline().remove(TransportChannelInitializer.REQUEST_START); // the socket became a WebSocket
    }
  }

  private void unregister() {
    LoopSweeper s = sweeper;
    if (s != null) {
      sweeper = null;
      s.remove(this);
    }
  }

  /** Raw bytes reached the codec. Called by the codec, on the loop, before it decodes them. */
  void bytesArrived() {
    if (!partial) {
      partial = true;
      partialSince = System.nanoTime();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    boolean ends = msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
    ctx.write(msg, promise);
    if (ends) {
      if (promise.isVoid()) {
        responded();
      } else {
        promise.addListener(f -> responded());
      }
    }
  }

  /** A response went out whole: the socket idles again once nothing else is in flight. */
  private void responded() {
    if (inFlight > 0) {
      inFlight--;
    }
    idleSince = System.nanoTime();
  }

  /** One sweep. On the loop. */
  void tick(long now) {
    ChannelHandlerContext ctx = context;
    if (ctx == null || inFlight > 0 || sweeper == null) {
      return;
    }
    if (partial) {
      long timeout = server.options().requestTimeout().toNanos();
      if (now - partialSince >= timeout) {
        unregister();
        log.debug("Closing {}: a request did not arrive whole within {} ms (requestTimeout)", ctx.channel(),
            timeout / 1_000_000);
        HttpExchange exchange = new HttpExchange(ctx.channel(), false, null);
        exchange.text(408, "The request did not arrive whole within " + timeout / 1_000_000
            + " ms (requestTimeout): send the request line, headers and body together.");
      }
    } else {
      long timeout = server.options().keepAliveTimeout().toNanos();
      if (now - idleSince >= timeout) {
        unregister();
        log.debug("Closing {}: idle for {} ms between requests (keepAliveTimeout)", ctx.channel(),
            timeout / 1_000_000);
        ctx.close();
      }
    }
  }

  // ---- requests ----------------------------------------------------------------------------

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        startRequest(ctx, request);
      }
      if (msg instanceof LastHttpContent) {
        partial = false;
        if (!discarding) {
          inFlight++;
        }
      }
      if (msg instanceof HttpContent content) {
        if (head != null && !discarding) {
          appendContent(ctx, content.content());
        }
        if (msg instanceof LastHttpContent && head != null && !discarding) {
          HttpRequest h = head;
          ByteBuf b = body != null ? body : Unpooled.EMPTY_BUFFER;
          head = null;
          body = null;
          try {
            dispatch(ctx, h, b);
          } finally {
            b.release();
          }
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    releaseBody();
    discarding = false;
    if (request.decoderResult().isFailure()) {
      discarding = true;
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        reject(ctx, request, 414, "The request line is longer than " + server.options().maxRequestLineBytes()
            + " bytes (maxRequestLineBytes): shorten the URL and its query string.");
      } else if (cause instanceof TooLongHttpHeaderException) {
        reject(ctx, request, 431, "The request's headers are larger than " + server.options().maxHeaderBytes()
            + " bytes (maxHeaderBytes): send fewer or smaller headers (cookies count).");
      } else {
        reject(ctx, request, 400, "Bad request: " + cause.getMessage());
      }
      return;
    }
    String decoded = Uris.decodedPath(request.uri());
    if (decoded == null) {
      discarding = true;
      reject(ctx, request, 400, "Bad request: the request target '" + printable(request.uri())
          + "' is not a path. Send /path?query (or an absolute http URL).");
      return;
    }
    String path = TransportRoute.normalize(decoded);
    boolean transportPath = server.baseRoute(path) != null || server.negotiateRoute(path) != null;
    limit = transportPath ? server.options().transportMaxBufferSize() : server.options().maxHttpRequestBytes();
    long declared = HttpUtil.getContentLength(request, -1L);
    if (declared > limit) {
      discarding = true;
      reject(ctx, request, 413, "The request body of " + declared + " bytes is larger than the limit of "
          + limit + " bytes.");
      return;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    head = request;
  }

  private void appendContent(ChannelHandlerContext ctx, ByteBuf content) {
    if (!content.isReadable()) {
      return;
    }
    int have = body == null ? 0 : body.readableBytes();
    if ((long) have + content.readableBytes() > limit) {
      HttpRequest h = head;
      head = null;
      releaseBody();
      discarding = true;
      reject(ctx, h, 413, "The request body is larger than the limit of " + limit + " bytes.");
      return;
    }
    if (body == null) {
      body = ctx.alloc().buffer(Math.min(limit, Math.max(256, content.readableBytes())));
    }
    body.writeBytes(content);
  }

  /** Answers and closes the channel: the rest of the request is not read. */
  private void reject(ChannelHandlerContext ctx, @Nullable HttpRequest request, int status, String text) {
    HttpExchange exchange = new HttpExchange(ctx.channel(), false,
        request == null ? null : corsOrigin(request.headers()));
    exchange.text(status, text);
  }

  /** {@code text} cut to 100 characters, for an error message that quotes what a client sent. */
  private static String printable(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    unregister();
    releaseBody();
    head = null;
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP channel {} failed; closing it", ctx.channel(), cause);
    ctx.close();
  }

  private @Nullable String corsOrigin(HttpHeaders headers) {
    if (!server.options().corsEnabled()) {
      return null;
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin == null) {
      return null;
    }
    var allowed = server.options().corsAllowedOrigins();
    return allowed.contains("*") || allowed.contains(origin) ? origin : null;
  }

  private void dispatch(ChannelHandlerContext ctx, HttpRequest request, ByteBuf body) {
    String cors = corsOrigin(request.headers());
    HttpExchange exchange = new HttpExchange(ctx.channel(), HttpUtil.isKeepAlive(request), cors);
    try {
      route(ctx, exchange, request, body);
    } catch (RuntimeException e) {
      // A resolver, authenticator, hook or HTTP handler failed: answer rather than hang the client.
      // the path only: the query may carry an access token
      log.warn("{} {} failed", request.method(), Uris.rawPath(request.uri()), e);
      if (!exchange.isDone()) {
        exchange.respond(500);
      }
    }
  }

  private void route(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request, ByteBuf body) {
    if (server.options().corsEnabled() && request.method().equals(HttpMethod.OPTIONS)
        && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
      preflight(exchange, request);
      return;
    }
    TransportRequest view = new TransportRequest(request.method().name(), request.uri(),
        request.headers(), ctx.channel().remoteAddress());
    String path = TransportRoute.normalize(view.path());
    TransportRoute route = server.negotiateRoute(path);
    boolean negotiate = route != null;
    if (route == null) {
      route = server.baseRoute(path);
    }
    if (route == null) {
      server.fallback().handle(view, body, exchange);
      return;
    }
    String shutdown = server.closingReason();
    if (shutdown != null) {
      exchange.text(503, shutdown);
      return;
    }
    TransportApplication app = route.resolver().resolve(view);
    if (app == null) {
      exchange.respond(404);
      return;
    }
    if (negotiate && !request.method().equals(HttpMethod.POST)) {
      exchange.respond(405);
      return;
    }
    AuthResult auth = route.authenticator().authenticate(view, app);
    TransportUser user = auth.user();
    if (user == null) {
      exchange.respond(auth.status());
      return;
    }
    if (negotiate) {
      NegotiateHandler.handle(server, exchange, view, route, app, user);
    } else {
      ConnectionEndpoint.handle(server, route, ctx, exchange, request, view, app, user, body);
    }
  }

  private static void preflight(HttpExchange exchange, HttpRequest request) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS,
        request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).toUpperCase(Locale.ROOT));
    String headers = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
    if (headers != null) {
      h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
    }
    h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    r.headers().set(h);
    exchange.send(r);
  }

  @Override
  public int sweepSlot() {
    return sweepSlot;
  }

  @Override
  public void sweepSlot(int slot) {
    sweepSlot = slot;
  }
}
