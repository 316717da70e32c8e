package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.jspecify.annotations.Nullable;

/**
 * The long-polling half of a connection. At most one poll is parked at a time; it is answered with
 * everything queued as soon as there is something, with 200 empty at the poll timeout, or 204 when
 * the connection ends or a newer poll replaces it. Confined to the connection's loop; the poll's
 * channel may belong to another loop (responses are written thread-safely).
 */
final class LongPollingHandler implements TransportSink {
  private final ConnectionImpl connection;
  private @Nullable HttpExchange poll;
  private @Nullable GenericFutureListener<Future<? super Void>> pollCloseListener;
  private long pollDeadline;

  private LongPollingHandler(ConnectionImpl connection) {
    this.connection = connection;
  }

  /** The first poll: answered at once with 200 empty, which starts the connection. */
  static void start(HttpExchange exchange, ConnectionImpl connection) {
    LongPollingHandler handler = new LongPollingHandler(connection);
    handler.respond(exchange, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER, 0);
    connection.activate(handler);
  }

  /** A later poll. On the connection's loop. */
  static void poll(HttpExchange exchange, ConnectionImpl connection) {
    if (connection.sink instanceof LongPollingHandler handler) {
      handler.onPoll(exchange);
    } else {
      exchange.respond(204); // already ended
    }
  }

  /** {@code DELETE ?id=}: 202, the parked poll gets 204, the connection ends. */
  static void delete(HttpExchange exchange, ConnectionImpl connection) {
    exchange.respond(202);
    if (connection.sink instanceof LongPollingHandler handler) {
      handler.endPoll(HttpResponseStatus.NO_CONTENT);
    }
    connection.terminated(null);
  }

  boolean hasPoll() {
    return poll != null;
  }

  private void onPoll(HttpExchange exchange) {
    long now = System.nanoTime();
    connection.lastSeenNanos = now;
    endPoll(HttpResponseStatus.NO_CONTENT);
    if (connection.hasOutbound()) {
      respondWithQueue(exchange);
    } else if (connection.state == ConnectionImpl.State.CLOSING) {
      respond(exchange, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER, 0);
      connection.terminated(null);
    } else {
      park(exchange, now);
    }
  }

  private void park(HttpExchange exchange, long now) {
    poll = exchange;
    pollDeadline = now + connection.server.options().longPollTimeout().toNanos();
    GenericFutureListener<Future<? super Void>> listener = f -> connection.onLoop(() -> {
      if (poll == exchange) {
        poll = null;
        pollCloseListener = null;
        connection.lastSeenNanos = System.nanoTime();
      }
    });
    pollCloseListener = listener;
    exchange.channel.closeFuture().addListener(listener);
  }

  /** Takes the parked poll, if any, and answers it with {@code status} and no body. */
  private void endPoll(HttpResponseStatus status) {
    HttpExchange p = takePoll();
    if (p != null) {
      respond(p, status, Unpooled.EMPTY_BUFFER, 0);
    }
  }

  private @Nullable HttpExchange takePoll() {
    HttpExchange p = poll;
    if (p != null) {
      GenericFutureListener<Future<? super Void>> l = pollCloseListener;
      if (l != null) {
        p.channel.closeFuture().removeListener(l);
      }
      poll = null;
      pollCloseListener = null;
      connection.lastSeenNanos = System.nanoTime();
    }
    return p;
  }

  private void respondWithQueue(HttpExchange exchange) {
    Outbound first = connection.pollOutbound();
    if (first == null) {
      return;
    }
    ByteBuf body = first.payload();
    long bytes = body.readableBytes();
    Outbound next = connection.pollOutbound();
    if (next != null) {
      CompositeByteBuf all = exchange.alloc().compositeBuffer(Integer.MAX_VALUE);
      all.addComponent(true, body);
      while (next != null) {
        bytes += next.length();
        all.addComponent(true, next.payload());
        next = connection.pollOutbound();
      }
      body = all;
    }
    respond(exchange, HttpResponseStatus.OK, body, bytes);
  }

  private void respond(HttpExchange exchange, HttpResponseStatus status, ByteBuf body, long queued) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    if (status.code() == 200) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    }
    HttpExchange.addNoCache(r.headers());
    ChannelFutureListener written = queued == 0 ? null : f -> connection.written(queued);
    exchange.send(r, written);
  }

  @Override
  public void flush() {
    if (poll != null && connection.hasOutbound()) {
      HttpExchange p = takePoll();
      if (p != null) {
        respondWithQueue(p);
      }
    }
  }

  @Override
  public void close(@Nullable String reason) {
    HttpExchange p = takePoll();
    if (p != null) {
      respond(p, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER, 0);
      connection.terminated(null);
    }
    // Otherwise the next poll collects what is left and then 204 (see onPoll).
  }

  @Override
  public void abort(Throwable error) {
    endPoll(HttpResponseStatus.INTERNAL_SERVER_ERROR);
    connection.terminated(error);
  }

  @Override
  public void tick(long now) {
    if (poll != null) {
      if (now - pollDeadline >= 0) {
        endPoll(HttpResponseStatus.OK);
      }
    } else if (now - connection.lastSeenNanos
        >= connection.server.options().disconnectTimeout().toNanos()) {
      connection.terminated(null);
    }
  }
}
