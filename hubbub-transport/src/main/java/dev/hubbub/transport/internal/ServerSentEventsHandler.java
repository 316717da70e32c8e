package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The Server-Sent Events half of a connection: a chunked {@code text/event-stream} response that
 * starts with {@code :\r\n}; each payload becomes one event of {@code data: } lines. Runs on the
 * connection's loop, which is the stream channel's loop.
 */
final class ServerSentEventsHandler implements TransportSink {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};

  private final ConnectionImpl connection;
  private final Channel channel;

  private ServerSentEventsHandler(ConnectionImpl connection, Channel channel) {
    this.connection = connection;
    this.channel = channel;
  }

  /** Opens the stream for a freshly claimed connection. On the connection's loop. */
  static void start(HttpExchange exchange, ConnectionImpl connection) {
    Channel channel = exchange.channel;
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache,no-store")
        .set(HttpHeaderNames.PRAGMA, "no-cache")
        .set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.IDENTITY)
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    if (!exchange.startStream(head)) {
      connection.terminated(null);
      return;
    }
    ByteBuf comment = channel.alloc().buffer(3).writeBytes(new byte[] {':', '\r', '\n'});
    channel.writeAndFlush(new DefaultHttpContent(comment));
    ServerSentEventsHandler sink = new ServerSentEventsHandler(connection, channel);
    channel.closeFuture().addListener(f -> connection.onLoop(() -> {
      if (connection.sink == sink || connection.state == ConnectionImpl.State.NEW) {
        connection.terminated(null);
      }
    }));
    connection.activate(sink);
  }

  @Override
  public void flush() {
    Outbound o = connection.pollOutbound();
    if (o == null) {
      return;
    }
    ByteBuf out = channel.alloc().buffer();
    long bytes = 0;
    while (o != null) {
      ByteBuf payload = o.payload();
      try {
        bytes += payload.readableBytes();
        encodeEvent(payload, out);
      } finally {
        payload.release();
      }
      o = connection.pollOutbound();
    }
    long total = bytes;
    channel.writeAndFlush(new DefaultHttpContent(out)).addListener(f -> connection.written(total));
  }

  /**
   * One event: every line of the payload (split on {@code \n}, a trailing {@code \r} dropped) as
   * {@code data: <line>\r\n}, then a blank line.
   */
  static void encodeEvent(ByteBuf payload, ByteBuf out) {
    int start = payload.readerIndex();
    int end = payload.writerIndex();
    while (true) {
      int nl = payload.indexOf(start, end, (byte) '\n');
      int lineEnd = nl < 0 ? end : nl;
      int contentEnd = lineEnd > start && payload.getByte(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      out.writeBytes(DATA);
      out.writeBytes(payload, start, contentEnd - start);
      out.writeBytes(CRLF);
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    out.writeBytes(CRLF);
  }

  @Override
  public void close(@Nullable String reason) {
    channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void abort(Throwable error) {
    channel.close();
  }

  @Override
  public void tick(long now) {
    // A stream has no timeouts of its own; the client ends it by closing the socket.
  }
}
