package dev.hubbub.transport.internal;

import dev.hubbub.transport.HttpResponder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request's way back: writes exactly one response on its channel, from any thread, with
 * {@code Content-Length}, keep-alive and CORS headers.
 */
final class HttpExchange implements HttpResponder {
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
  static final String TEXT_PLAIN = "text/plain";

  final Channel channel;
  private final boolean keepAlive;
  private final @Nullable String corsOrigin;
  private static final AtomicIntegerFieldUpdater<HttpExchange> DONE =
      AtomicIntegerFieldUpdater.newUpdater(HttpExchange.class, "done");
  private volatile int done; // 1 once answered: an updater on a field, not an AtomicBoolean per request

  HttpExchange(Channel channel, boolean keepAlive, @Nullable String corsOrigin) {
    this.channel = channel;
    this.keepAlive = keepAlive;
    this.corsOrigin = corsOrigin;
  }

  boolean isDone() {
    return done != 0;
  }

  /** Adds the CORS headers that every response to this request carries. */
  void addCors(HttpHeaders headers) {
    if (corsOrigin != null) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, corsOrigin);
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
      headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
  }

  /** Adds ASP.NET Core's no-cache headers (long polling and other non-WebSocket GETs). */
  static void addNoCache(HttpHeaders headers) {
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
    headers.set(HttpHeaderNames.PRAGMA, "no-cache");
    headers.set(HttpHeaderNames.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
  }

  @Override
  public ByteBufAllocator alloc() {
    return channel.alloc();
  }

  @Override
  public void respond(int status) {
    respond(status, new DefaultHttpHeaders(), Unpooled.EMPTY_BUFFER);
  }

  @Override
  public void respond(int status, String contentType, String body) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    respond(status, h, body.isEmpty() ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(channel.alloc(), body));
  }

  /** A {@code text/plain} body, the form of every transport error. */
  void text(int status, String body) {
    respond(status, TEXT_PLAIN, body);
  }

  /** {@code application/json}. */
  void json(int status, byte[] body) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    respond(status, h, Unpooled.wrappedBuffer(body));
  }

  @Override
  public void respond(int status, HttpHeaders headers, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(status), body);
    response.headers().set(headers);
    send(response);
  }

  /**
   * Sends {@code response} (ownership passes) and completes the exchange. Returns a future-less
   * result: a second call releases its response and does nothing.
   *
   * @param listener run when the response is written (success or not), or null
   */
  void send(FullHttpResponse response, @Nullable ChannelFutureListener listener) {
    if (!DONE.compareAndSet(this, 0, 1)) {
      response.release();
      return;
    }
    HttpHeaders h = response.headers();
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (h.get(HttpHeaderNames.CONTENT_TYPE) == null && response.content().isReadable()) {
      h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    }
    addCors(h);
    if (!keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var future = channel.writeAndFlush(response);
    if (listener != null) {
      future.addListener(listener);
    }
    if (log.isDebugEnabled()) {
      int code = response.status().code();
      future.addListener(f -> {
        if (!f.isSuccess()) {
          log.debug("A {} response on {} was not written", code, channel, f.cause());
        }
      });
    }
    if (!keepAlive) {
      future.addListener((ChannelFutureListener) HttpExchange::lingeringClose);
    }
  }

  /** How long a half-closed socket waits for the client to close its side. */
  static final long LINGER_MILLIS = 2_000;

  /**
   * Ends a connection after its last response without losing that response: closing a socket with unread
   * request bytes (the rest of a request refused for its size, say) makes the kernel answer with a reset, and
   * the client may lose the answer before reading it. So the server half-closes (the client reads the response
   * and then the end of the stream), discards what still arrives, and closes once the client does or
   * {@link #LINGER_MILLIS} later.
   */
  static void lingeringClose(ChannelFuture written) {
    Channel ch = written.channel();
    if (!written.isSuccess() || !ch.isActive() || !(ch instanceof DuplexChannel duplex)) {
      ch.close();
      return;
    }
    duplex.shutdownOutput().addListener(f -> {
      if (f.isSuccess()) {
        ch.eventLoop().schedule(() -> {
          ch.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
      } else {
        ch.close();
      }
    });
  }

  void send(FullHttpResponse response) {
    send(response, null);
  }

  /** Starts a streamed response (SSE); the caller writes the content and ends it. */
  boolean startStream(HttpResponse head) {
    if (!DONE.compareAndSet(this, 0, 1)) {
      return false;
    }
    addCors(head.headers());
    channel.write(head);
    return true;
  }

  static ByteBuf utf8(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }
}
