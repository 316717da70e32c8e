package dev.hubbub.transport.internal;

import dev.hubbub.transport.LimitMessages;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * {@code {base}?id=T}: picks the transport from the request (WebSocket upgrade, SSE accept header,
 * else long poll), POST sends and DELETE, with ASP.NET Core's status codes and texts.
 */
final class ConnectionEndpoint {
  static final String NO_CONNECTION = "No Connection with that ID";
  static final String ID_REQUIRED = "Connection ID required";
  static final String CHANGE_TRANSPORT = "Cannot change transports mid-connection";

  private ConnectionEndpoint() {
  }

  static void handle(ServerContext server, TransportRoute route, ChannelHandlerContext ctx, HttpExchange exchange,
      HttpRequest request, TransportRequest view, TransportApplication app, TransportUser user,
      ByteBuf body) {
    String token = view.queryParam("id");
    HttpMethod method = request.method();
    if (method.equals(HttpMethod.GET)) {
      if (isWebSocketUpgrade(request)) {
        webSocket(server, route, ctx, exchange, request, view, app, user, token);
      } else {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        boolean sse = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream");
        receive(server, route, ctx, exchange, view, app, user, token,
            sse ? TransportType.SERVER_SENT_EVENTS : TransportType.LONG_POLLING);
      }
    } else if (method.equals(HttpMethod.POST)) {
      send(server, exchange, app, token, body);
    } else if (method.equals(HttpMethod.DELETE)) {
      delete(server, exchange, app, token);
    } else {
      exchange.respond(405);
    }
  }

  private static boolean isWebSocketUpgrade(HttpRequest request) {
    String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
    return upgrade != null && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade);
  }

  private static @Nullable ConnectionImpl find(ServerContext server, HttpExchange exchange,
      TransportApplication app, @Nullable String token) {
    if (token == null) {
      exchange.text(400, ID_REQUIRED);
      return null;
    }
    ConnectionImpl c = server.registry().get(token);
    if (c == null || !c.application().key().equals(app.key())) {
      exchange.text(404, NO_CONNECTION);
      return null;
    }
    return c;
  }

  private static boolean checkEnabled(ServerContext server, TransportRoute route, HttpExchange exchange,
      TransportType type) {
    if (route.offers(type, server.options())) {
      return true;
    }
    exchange.text(404, type.wireName() + " transport not supported by this end point type");
    return false;
  }

  private static void webSocket(ServerContext server, TransportRoute route, ChannelHandlerContext ctx,
      HttpExchange exchange, HttpRequest request, TransportRequest view, TransportApplication app, TransportUser user,
      @Nullable String token) {
    if (!checkEnabled(server, route, exchange, TransportType.WEB_SOCKETS)) {
      return;
    }
    EventLoop channelLoop = ctx.channel().eventLoop();
    if (token == null) {
      // skipNegotiation: the WebSocket itself creates the connection (negotiate version 0).
      if (!server.admitNegotiation(view, exchange)) {
        return;
      }
      if (!server.registry().tryReserve()) {
        exchange.text(503, LimitMessages.connectionLimitReached(server.options().maxConnections()));
        return;
      }
      String id = ConnectionIds.next();
      ConnectionImpl c = new ConnectionImpl(server, id, id, 0, false, app, user);
      c.claim(TransportType.WEB_SOCKETS, channelLoop, view, user);
      server.registry().add(c);
      c.bound();
      WebSocketTransportHandler.upgrade(ctx, exchange, request, c);
      return;
    }
    ConnectionImpl c = find(server, exchange, app, token);
    if (c == null) {
      return;
    }
    ConnectionImpl.Claim claim = c.claim(TransportType.WEB_SOCKETS, channelLoop, view, user);
    if (claim == ConnectionImpl.Claim.WON) {
      c.bound();
      WebSocketTransportHandler.upgrade(ctx, exchange, request, c);
      return;
    }
    EventLoop owner = claim.owner();
    if (owner == null) {
      exchange.text(404, NO_CONNECTION);
      return;
    }
    hop(owner, exchange, () -> {
      if (c.state == ConnectionImpl.State.CLOSED || c.state == ConnectionImpl.State.CLOSING) {
        exchange.text(404, NO_CONNECTION);
      } else if (c.transportOrNull() != TransportType.WEB_SOCKETS) {
        exchange.text(400, CHANGE_TRANSPORT);
      } else if (!c.statefulReconnect()) {
        exchange.text(409, "");
      } else {
        c.updateRequest(view, user);
        WebSocketTransportHandler.reattach(ctx, exchange, request, c);
      }
    });
  }

  private static void receive(ServerContext server, TransportRoute route, ChannelHandlerContext ctx,
      HttpExchange exchange, TransportRequest view, TransportApplication app, TransportUser user,
      @Nullable String token, TransportType type) {
    if (token == null) {
      exchange.text(400, ID_REQUIRED);
      return;
    }
    if (!checkEnabled(server, route, exchange, type)) {
      return;
    }
    ConnectionImpl c = find(server, exchange, app, token);
    if (c == null) {
      return;
    }
    ConnectionImpl.Claim claim = c.claim(type, ctx.channel().eventLoop(), view, user);
    EventLoop owner = claim.owner();
    if (claim == ConnectionImpl.Claim.WON) {
      c.bound();
      if (type == TransportType.SERVER_SENT_EVENTS) {
        ServerSentEventsHandler.start(exchange, c);
      } else {
        LongPollingHandler.start(exchange, c);
      }
      return;
    }
    if (owner == null) {
      exchange.text(404, NO_CONNECTION);
      return;
    }
    hop(owner, exchange, () -> {
      if (c.transportOrNull() != type) {
        exchange.text(400, CHANGE_TRANSPORT);
      } else if (type == TransportType.SERVER_SENT_EVENTS) {
        exchange.text(c.state == ConnectionImpl.State.CLOSED ? 404 : 409,
            c.state == ConnectionImpl.State.CLOSED ? NO_CONNECTION : "");
      } else {
        LongPollingHandler.poll(exchange, c);
      }
    });
  }

  private static void send(ServerContext server, HttpExchange exchange, TransportApplication app,
      @Nullable String token, ByteBuf body) {
    ConnectionImpl c = find(server, exchange, app, token);
    if (c == null) {
      return;
    }
    TransportType type = c.transportOrNull();
    if (type == TransportType.WEB_SOCKETS) {
      exchange.text(405, "POST requests are not allowed for WebSocket connections.");
      return;
    }
    if (type == null) {
      exchange.text(400, "The connection has not started a transport yet: open the Server-Sent Events"
          + " stream or send the first poll before sending data.");
      return;
    }
    ByteBuf data = body.retain();
    boolean hopped = hop(c.loop(), exchange, () -> {
      try {
        if (c.state == ConnectionImpl.State.ACTIVE) {
          c.deliver(data);
          if (c.readingPaused()) {
            c.holdSend(() -> exchange.respond(200)); // the client's next send waits for the resume
          } else {
            exchange.respond(200);
          }
        } else {
          exchange.text(404, NO_CONNECTION);
        }
      } finally {
        data.release();
      }
    });
    if (!hopped) {
      data.release();
    }
  }

  private static void delete(ServerContext server, HttpExchange exchange, TransportApplication app,
      @Nullable String token) {
    ConnectionImpl c = find(server, exchange, app, token);
    if (c == null) {
      return;
    }
    if (c.transportOrNull() != TransportType.LONG_POLLING) {
      exchange.text(400, "Cannot terminate this connection using the DELETE endpoint.");
      return;
    }
    hop(c.loop(), exchange, () -> LongPollingHandler.delete(exchange, c));
  }

  /**
   * Runs {@code task} on {@code loop}; answers 503 if the loop is shutting down.
   *
   * @return false if the task will never run
   */
  private static boolean hop(EventLoop loop, HttpExchange exchange, Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return true;
    }
    try {
      loop.execute(task);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      exchange.text(503, "The server is shutting down.");
      return false;
    }
  }
}
