package dev.hubbub.transport.internal;

import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransferFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of one connection on one socket: performs the upgrade, hands each
 * message (fragments joined) to the application, and writes queued payloads as frames, merging
 * neighbours of the same format into one frame and flushing once per batch; the payloads' bytes are shared
 * by every connection a flush pass writes them to ({@link SharedPayloads}).
 *
 * <p>On a socket whose pipeline is the transport's own it is also the frame decoder (Netty's, which it extends:
 * the frames it decodes are read here instead of being passed down the pipeline) and writes every frame as bytes,
 * so an idle connection's pipeline holds this one handler. Behind an application's HTTP codec Netty's handshaker
 * puts its own decoder and encoder in front of it, and it reads their frames.
 *
 * <p>Inbound callbacks run on the channel's loop; the {@link TransportSink} methods on the
 * connection's loop. They are the same loop except after a stateful reconnect that arrived on
 * another loop, in which case inbound messages hop to the connection's loop.
 */
final class WebSocketTransportHandler extends WebSocket13FrameDecoder implements TransportSink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTransportHandler.class);

  /** Merge at most this many payloads, or this many bytes, into one frame. */
  static final int MAX_MERGED_PAYLOADS = 64;
  static final int MAX_MERGED_BYTES = 64 * 1024;

  private final ConnectionImpl connection;
  private final Channel channel;
  // True on a socket whose pipeline is the transport's own: no frame encoder (every frame written here is bytes
  // already), and the decoder leaves closing after a protocol violation to this handler.
  private final boolean ownCodec;
  private volatile boolean closeSent;
  private volatile boolean clientClosed;
  private volatile @Nullable Throwable failure;
  private long closeDeadline; // connection loop
  // channel loop: a message arriving in fragments, copied into one buffer, else null
  private @Nullable ByteBuf fragments;
  // connection loop: messages read before the 101 was written, and whether attached() has run
  private @Nullable ArrayDeque<ByteBuf> early;
  private int earlyBytes;
  private boolean attachedDone;

  private WebSocketTransportHandler(ConnectionImpl connection, Channel channel, boolean ownCodec,
      WebSocketDecoderConfig decoderConfig) {
    super(decoderConfig);
    this.connection = connection;
    this.channel = channel;
    this.ownCodec = ownCodec;
  }

  /** First WebSocket of a connection. On the channel's loop, which is the connection's loop. */
  static void upgrade(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request,
      ConnectionImpl connection) {
    handshake(ctx, exchange, request, connection, false);
  }

  /** Stateful reconnect: a new socket for a live connection. On the connection's loop. */
  static void reattach(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request,
      ConnectionImpl connection) {
    // The request head is not reference-counted (its body was empty and is already released).
    Runnable task = () -> handshake(ctx, exchange, request, connection, true);
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  /** On the channel's loop. */
  private static void handshake(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request,
      ConnectionImpl connection, boolean reattach) {
    if (ctx.handler() instanceof HttpDispatcher d && d.ownsSocket()
        && ctx.pipeline().get(TransportChannelInitializer.HTTP_CODEC) != null) {
      ownSocketHandshake(ctx, exchange, request, connection, reattach);
    } else {
      nettyHandshake(ctx, exchange, request, connection, reattach);
    }
  }

  /**
   * The upgrade on a socket whose pipeline is the transport's own (request start, HTTP codec, dispatcher): the
   * frame codec takes the HTTP codec's place and the {@code 101} goes out as bytes ({@link WebSocketUpgrade}).
   * Bytes the client sent after its request, before the {@code 101}, reach the frame decoder: the HTTP codec
   * hands what it holds to the next handler when it is removed.
   */
  private static void ownSocketHandshake(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request,
      ConnectionImpl connection, boolean reattach) {
    String problem = WebSocketUpgrade.problem(request);
    if (problem != null) {
      exchange.text(400, "Bad WebSocket upgrade request: " + problem + ".");
      failed(connection, reattach);
      return;
    }
    if (!WebSocketUpgrade.versionSupported(request)) {
      DefaultHttpHeaders headers = new DefaultHttpHeaders();
      headers.set(HttpHeaderNames.CONTENT_TYPE, HttpExchange.TEXT_PLAIN);
      headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
      exchange.respond(426, headers, HttpExchange.utf8(WebSocketUpgrade.unsupportedVersion(request)));
      failed(connection, reattach);
      return;
    }
    Channel channel = ctx.channel();
    ByteBuf response = WebSocketUpgrade.response(channel.alloc(),
        request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY, ""));
    WebSocketTransportHandler handler = new WebSocketTransportHandler(connection, channel, true,
        connection.server.ownWebSocketDecoderConfig());
    ChannelPipeline p = ctx.pipeline();
    // The handler decodes frames itself and writes them as bytes; no WebSocketFrameAggregator (fragments are
    // joined here): an idle connection's pipeline is this one handler.
    p.addAfter(ctx.name(), "hubbub-ws", handler);
    // The dispatcher first: the HTTP codec hands the bytes it still holds to the next handler when it goes, and
    // they are frames for the decoder.
    p.remove(ctx.handler());
    p.remove(TransportChannelInitializer.HTTP_CODEC);
    channel.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        connection.onLoop(() -> handler.attached(reattach));
      } else {
        log.debug("WebSocket handshake failed for {}", connection, f.cause());
        channel.close();
        failed(connection, reattach);
      }
    });
  }

  /**
   * The upgrade behind an application's HTTP codec ({@code EmbeddedTransport#newHttpHandler}): Netty's handshaker
   * finds that codec and takes it out. On the channel's loop.
   */
  private static void nettyHandshake(ChannelHandlerContext ctx, HttpExchange exchange, HttpRequest request,
      ConnectionImpl connection, boolean reattach) {
    Channel channel = ctx.channel();
    FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
        request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
    String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
    WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
        "ws://" + host + request.uri(), null,
        connection.server.webSocketDecoderConfig());
    WebSocketServerHandshaker handshaker = factory.newHandshaker(full);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
      failed(connection, reattach);
      return;
    }
    WebSocketTransportHandler handler = new WebSocketTransportHandler(connection, channel, false,
        connection.server.webSocketDecoderConfig()); // the handshaker's decoder decodes; this one sees no bytes
    ChannelPipeline p = ctx.pipeline();
    // No WebSocketFrameAggregator: an idle connection should not carry one; fragments are joined here.
    p.addAfter(ctx.name(), "hubbub-ws", handler);
    try {
      handshaker.handshake(channel, full).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) {
          connection.onLoop(() -> handler.attached(reattach));
        } else {
          log.debug("WebSocket handshake failed for {}", connection, f.cause());
          channel.close();
          failed(connection, reattach);
        }
      });
      p.remove(ctx.handler());
    } catch (RuntimeException e) {
      // The handshaker rejects bad upgrade requests (missing key, wrong method) by throwing.
      p.remove(handler);
      exchange.text(400, "Bad WebSocket upgrade request: " + e.getMessage());
      failed(connection, reattach);
    }
  }

  private static void failed(ConnectionImpl connection, boolean reattach) {
    if (!reattach) {
      connection.onLoop(() -> connection.terminated(null));
    }
  }

  /** The 101 went out. On the connection's loop. */
  private void attached(boolean reattach) {
    attachedDone = true;
    ConnectionImpl c = connection;
    if (c.state == ConnectionImpl.State.CLOSED || c.state == ConnectionImpl.State.CLOSING
        || !channel.isActive()) {
      // The client has its 101: end the WebSocket with a close frame, not a bare TCP close (1006).
      String reason = c.server.closingReason();
      channel.writeAndFlush(closeFrame(1000, reason != null ? reason : "The connection has ended."))
          .addListener(ChannelFutureListener.CLOSE);
      releaseEarly();
      if (!reattach) {
        c.terminated(null);
      }
      return;
    }
    if (reattach && c.state == ConnectionImpl.State.ACTIVE) {
      // The client came back before we saw the old socket drop.
      TransportSink old = c.sink;
      c.disconnected();
      if (old instanceof WebSocketTransportHandler ws) {
        ws.channel.close();
      }
    }
    c.activate(this);
    ArrayDeque<ByteBuf> q = early;
    if (q != null) {
      early = null;
      earlyBytes = 0;
      for (ByteBuf b; (b = q.poll()) != null; ) {
        try {
          if (c.sink == this) {
            c.deliver(b);
          }
        } finally {
          b.release();
        }
      }
    }
  }

  // ---- inbound (channel loop) ------------------------------------------------------------

  /**
   * Bytes from the socket are decoded here (this handler is the frame decoder on the transport's own pipeline);
   * frames come decoded from Netty's decoder behind an application's HTTP codec.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf) {
      super.channelRead(ctx, msg);
    } else if (msg instanceof WebSocketFrame frame) {
      frame(ctx, frame);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Decodes what the bytes hold and reads the frames here rather than passing them down the pipeline. */
  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    super.decode(ctx, in, out);
    int i = 0;
    try {
      for (; i < out.size(); i++) {
        frame(ctx, (WebSocketFrame) out.get(i));
      }
    } finally {
      for (i++; i < out.size(); i++) {
        ReferenceCountUtil.release(out.get(i)); // after a fault in the one before
      }
      out.clear();
    }
  }

  /** One frame; releases it. */
  private void frame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    try {
      if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
          || frame instanceof ContinuationWebSocketFrame) {
        if (!closeSent) {
          data(ctx, frame);
        }
      } else if (frame instanceof PingWebSocketFrame) {
        // A client that pings and never reads would otherwise queue pongs without bound, outside the outbound
        // queue's limit. RFC 6455 (5.5.3) lets an endpoint answer only the most recent ping: while earlier
        // writes are still queued, the pong is left out.
        if (ctx.channel().isWritable()) {
          ctx.writeAndFlush(pongFrame(frame.content()));
        }
      } else if (frame instanceof CloseWebSocketFrame close) {
        clientClosed = true;
        if (closeSent) {
          ctx.close();
        } else {
          int status = close.statusCode() > 0 ? close.statusCode() : 1000;
          ctx.writeAndFlush(closeFrame(status, null)).addListener(ChannelFutureListener.CLOSE);
        }
      }
    } finally {
      frame.release();
    }
  }

  /**
   * A data frame or a fragment of one message. The decoder has checked the sequence (a continuation only
   * after an unfinished first fragment, no new message before the last fragment). Channel loop.
   */
  private void data(ChannelHandlerContext ctx, WebSocketFrame frame) {
    ByteBuf joined = fragments;
    if (joined == null && frame.isFinalFragment()) {
      deliver(frame.content());
      return;
    }
    int max = connection.server.options().transportMaxBufferSize();
    if (joined == null) {
      // One buffer, grown as fragments come: tiny fragments kept as components of a composite buffer cost a
      // buffer and its objects each, hundreds of bytes per byte of message.
      joined = ctx.alloc().buffer(Math.min(max, Math.max(256, 2 * frame.content().readableBytes())), max);
      fragments = joined;
    }
    if ((long) joined.readableBytes() + frame.content().readableBytes() > max) {
      releaseFragments();
      messageTooBig(ctx, new TooLongFrameException("A fragmented message passed " + max + " bytes"));
      return;
    }
    joined.writeBytes(frame.content());
    if (frame.isFinalFragment()) {
      fragments = null;
      try {
        deliver(joined);
      } finally {
        joined.release();
      }
    }
  }

  private void releaseFragments() {
    ByteBuf f = fragments;
    if (f != null) {
      fragments = null;
      f.release();
    }
  }

  private void deliver(ByteBuf content) {
    ConnectionImpl c = connection;
    if (c.loop().inEventLoop()) {
      deliverOnLoop(content);
      return;
    }
    ByteBuf data = content.retain();
    c.onLoop(() -> {
      try {
        deliverOnLoop(data);
      } finally {
        data.release();
      }
    });
  }

  /** On the connection's loop. */
  private void deliverOnLoop(ByteBuf content) {
    ConnectionImpl c = connection;
    if (c.sink == this) {
      c.deliver(content);
    } else if (!attachedDone) {
      holdEarly(content);
    }
  }

  /**
   * Keeps a message that arrived before the {@code 101} was written (a client that did not wait for it, which
   * RFC 6455 asks clients to do) for {@link #attached}; more than a message's limit of them ends the socket.
   */
  private void holdEarly(ByteBuf content) {
    int max = connection.server.options().transportMaxBufferSize();
    if ((long) earlyBytes + content.readableBytes() > max) {
      releaseEarly();
      attachedDone = true; // hold nothing more
      log.debug("Closing {}: more than {} bytes of messages before the WebSocket handshake completed",
          channel, max);
      channel.close();
      return;
    }
    ArrayDeque<ByteBuf> q = early;
    if (q == null) {
      q = new ArrayDeque<>(2);
      early = q;
    }
    q.add(content.retain());
    earlyBytes += content.readableBytes();
  }

  private void releaseEarly() {
    ArrayDeque<ByteBuf> q = early;
    early = null;
    earlyBytes = 0;
    if (q != null) {
      for (ByteBuf b; (b = q.poll()) != null; ) {
        b.release();
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      messageTooBig(ctx, cause);
      return;
    }
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      failure = cause;
      if (ownCodec && ctx.channel().isActive() && !closeSent) {
        if (corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
          messageTooBig(ctx, cause); // one frame past the limit: the same words as a message in fragments
          return;
        }
        // The decoder's reason says what was wrong ("received continuation data frame outside fragmented
        // message"); Netty's decoder would send the same with its own encoder.
        String reason = corrupt.getMessage();
        closeAfterFault(ctx, cause, corrupt.closeStatus().code(),
            reason != null ? reason : corrupt.closeStatus().reasonText());
        return;
      }
      // Otherwise Netty's decoder sent the close frame.
    } else if (cause instanceof java.io.IOException) {
      log.debug("WebSocket of {} failed", connection, cause); // the network's doing: resets, broken pipes
    } else {
      // Not the network's: a fault in a handler here or in the application, which must not go unseen.
      log.warn("WebSocket of {} closed after an unexpected error", connection, cause);
    }
    ctx.close();
  }

  private void messageTooBig(ChannelHandlerContext ctx, Throwable cause) {
    closeAfterFault(ctx, cause, WebSocketCloseStatus.MESSAGE_TOO_BIG.code(),
        "The message is larger than the limit of " + connection.server.options().transportMaxBufferSize() + " bytes.");
  }

  /** Ends the socket after the client's fault: a close frame with {@code status} and {@code reason}, then close. */
  private void closeAfterFault(ChannelHandlerContext ctx, Throwable cause, int status, String reason) {
    failure = cause;
    closeSent = true;
    ctx.writeAndFlush(closeFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    releaseFragments();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    try {
      super.channelInactive(ctx); // the decoder reads what it still holds first
    } finally {
      releaseFragments();
      connection.onLoop(this::gone);
    }
  }

  /** The socket is closed. On the connection's loop. */
  private void gone() {
    releaseEarly();
    attachedDone = true;
    ConnectionImpl c = connection;
    if (c.sink != this) {
      return; // a replaced socket, or the handshake never completed (attached() handles that)
    }
    Throwable error = failure;
    if (c.state == ConnectionImpl.State.ACTIVE && c.statefulReconnect() && !clientClosed
        && error == null) {
      c.disconnected();
    } else {
      c.terminated(error);
    }
  }

  // ---- outbound (connection loop) -----------------------------------------------------------

  /**
   * Writes what is queued and flushes once, so the socket gets it in one write. Neighbouring payloads of one
   * format share a frame (up to {@link #MAX_MERGED_PAYLOADS} or {@link #MAX_MERGED_BYTES}). A small frame is
   * copied whole into one buffer: one allocation and one write per connection beat a buffer per payload. A
   * large one is its header followed by the payloads' bytes as shared by every connection of the loop's flush
   * pass ({@link SharedPayloads}), so a big broadcast is not copied per connection.
   */
  @Override
  public void flush() {
    long total = 0;
    Outbound o = connection.pollOutbound();
    FanoutLog log = connection.logOf;
    if (log != null) {
      // Fanned-out payloads first: they were placed while nothing else was queued, so they are older.
      long bytes = connection.logBytes;
      ByteBuf frames = log.frames(connection.logStart, connection.logEnd);
      connection.clearLog();
      if (o == null) {
        send(frames, bytes);
        return;
      }
      channel.write(frames, channel.voidPromise());
      total = bytes;
    }
    if (o == null) {
      return;
    }
    SharedPayloads shared = connection.payloads();
    Outbound[] parts = shared.parts;
    while (o != null) {
      TransferFormat format = o.format();
      int count = 0;
      int length = 0;
      do {
        length += o.length();
        parts[count++] = o;
        o = connection.pollOutbound();
      } while (o != null && o.format() == format && count < MAX_MERGED_PAYLOADS
          && length + (long) o.length() <= MAX_MERGED_BYTES);
      total += length;
      long flushed = o == null ? total : -1;
      if (length <= COPY_LIMIT) {
        send(copiedFrame(format, parts, count, length), flushed);
      } else {
        sharedFrame(shared, format, parts, count, length, flushed);
      }
    }
  }

  /**
   * Hands {@code buf} to the socket with one {@code send} call of its own instead of through the pipeline and
   * Netty's outbound buffer, when that changes nothing but the cost: the socket is Netty's epoll one, open, with
   * this handler alone in its pipeline (so no other handler, such as TLS, would have seen the bytes), nothing of
   * this connection waits in the outbound buffer (written or not yet flushed, so the order holds), and the buffer
   * has a memory address. On the channel's loop only, where Netty also writes and closes the socket.
   *
   * <p>Returns true when the socket took all of it (the buffer is released). Otherwise the caller writes the
   * buffer through the channel: whatever the socket took is skipped, Netty waits for the socket to take the rest,
   * and a socket error meets Netty's write, which closes the channel as it always does.
   */
  private boolean writeStraight(ByteBuf buf) {
    if (!ownCodec || !(channel instanceof EpollSocketChannel epoll) || !buf.hasMemoryAddress()
        || !channel.isActive()) {
      return false;
    }
    ChannelPipeline p = channel.pipeline();
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    if (p.first() != this || p.last() != this || pending == null || !pending.isEmpty()
        || pending.totalPendingWriteBytes() != 0) {
      return false;
    }
    int length = buf.readableBytes();
    int sent;
    try {
      sent = ((Socket) epoll.fd()).sendAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex());
    } catch (IOException e) {
      return false;
    }
    if (sent == length) {
      buf.release();
      return true;
    }
    buf.skipBytes(sent);
    return false;
  }

  /** Frames up to this size are copied whole into one buffer; larger ones share their payloads' bytes. */
  static final int COPY_LIMIT = 4 * 1024;

  private ByteBuf copiedFrame(TransferFormat format, Outbound[] parts, int count, int length) {
    ByteBuf frame = header(format, length, length);
    for (int i = 0; i < count; i++) {
      Outbound p = parts[i];
      parts[i] = null;
      ByteBuf source = p.source();
      if (source.hasArray()) {
        // From the array: the buffer-to-buffer copy would wrap and slice the array for every payload.
        frame.writeBytes(source.array(), source.arrayOffset() + p.index(), p.length());
      } else {
        frame.writeBytes(source, p.index(), p.length());
      }
      p.release();
    }
    return frame;
  }

  /**
   * Header, then each payload's shared bytes: writes of their own on the channel's loop (nothing else writes in
   * between); from another loop (after a reconnect that arrived elsewhere) one composite buffer.
   */
  private void sharedFrame(SharedPayloads shared, TransferFormat format, Outbound[] parts, int count, int length,
      long flushed) {
    ByteBuf header = header(format, length, 0);
    if (channel.eventLoop().inEventLoop()) {
      channel.write(header, channel.voidPromise()); // the WebSocket encoder passes a ByteBuf through
      for (int i = 0; i < count; i++) {
        Outbound p = parts[i];
        parts[i] = null;
        send(shared.direct(p, channel.alloc()), i == count - 1 ? flushed : -1);
      }
    } else {
      CompositeByteBuf frame = channel.alloc().compositeDirectBuffer(count + 1);
      frame.addComponent(true, header);
      for (int i = 0; i < count; i++) {
        Outbound p = parts[i];
        parts[i] = null;
        frame.addComponent(true, shared.direct(p, channel.alloc()));
      }
      send(frame, flushed);
    }
  }

  /** A buffer holding a frame header for {@code length} payload bytes, with room for {@code extra} more. */
  private ByteBuf header(TransferFormat format, int length, int extra) {
    ByteBuf b = channel.alloc().directBuffer(headerSize(length) + extra);
    writeHeader(b, format, length);
    return b;
  }

  /** The size of a server frame's header for {@code length} payload bytes. */
  static int headerSize(int length) {
    return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /** Writes a final, unmasked text or binary frame's header for {@code length} payload bytes. */
  static void writeHeader(ByteBuf b, TransferFormat format, int length) {
    b.writeByte(0x80 | (format == TransferFormat.TEXT ? 0x1 : 0x2)); // FIN, text or binary
    if (length <= 125) {
      b.writeByte(length); // a server's frames are not masked
    } else if (length <= 0xFFFF) {
      b.writeByte(126).writeShort(length);
    } else {
      b.writeByte(127).writeLong(length);
    }
  }

  /**
   * Writes {@code buf}; for the last buffer of a flush ({@code flushedBytes} ≥ 0) flushes and reports that many
   * queued bytes written once the socket has taken them (at once when the flush wrote everything, as it mostly
   * does, so no listener is made).
   */
  private void send(ByteBuf buf, long flushedBytes) {
    if (flushedBytes < 0) {
      channel.write(buf, channel.voidPromise());
    } else {
      ByteBuf awaited = buf;
      if (channel.eventLoop().inEventLoop()) {
        if (writeStraight(buf)) {
          connection.written(flushedBytes);
          return;
        }
        // On the loop the socket takes what it can at once; usually that is everything, and no promise is needed
        // to learn it. What it leaves waits in the outbound buffer: an empty buffer written behind it completes
        // its promise once all of that is written (or the socket failed).
        channel.writeAndFlush(buf, channel.voidPromise());
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        if (pending == null || pending.isEmpty()) {
          connection.written(flushedBytes);
          return;
        }
        awaited = Unpooled.EMPTY_BUFFER;
      }
      ChannelPromise done = channel.newPromise();
      channel.writeAndFlush(awaited, done);
      done.addListener(f -> connection.written(flushedBytes));
    }
  }

  @Override
  public void close(@Nullable String reason) {
    closeSent = true;
    closeDeadline = System.nanoTime() + connection.server.options().webSocketCloseTimeout().toNanos();
    channel.writeAndFlush(closeFrame(1000, reason));
  }

  @Override
  public void abort(Throwable error) {
    closeSent = true;
    closeDeadline = System.nanoTime() + connection.server.options().webSocketCloseTimeout().toNanos();
    if (error instanceof SlowConsumerException slow) {
      // The close frame queues behind what was already handed to the socket, which the queue limit
      // bounds. It leaves if the client drains that within the close timeout; otherwise the socket is
      // dropped then. The connection ends now: the application need not wait for a client that is stuck.
      channel.writeAndFlush(closeFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(), slow.closeReason()))
          .addListener(ChannelFutureListener.CLOSE);
      Channel ch = channel;
      ch.eventLoop().schedule(() -> {
        ch.close();
      }, connection.server.options().webSocketCloseTimeout().toNanos(), TimeUnit.NANOSECONDS);
      connection.terminated(error);
    } else {
      channel.writeAndFlush(closeFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), error.getMessage()))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void readingPaused(boolean paused) {
    channel.config().setAutoRead(!paused); // back to true: Netty reads at once
  }

  @Override
  public void tick(long now) {
    if (closeSent && now - closeDeadline >= 0) {
      channel.close();
    }
  }

  private static final int OPCODE_CLOSE = 0x8;
  private static final int OPCODE_PONG = 0xA;

  /** A close frame as bytes: {@code status}, then {@code reason} (if any) cut to a close frame's 123 bytes. */
  private ByteBuf closeFrame(int status, @Nullable String reason) {
    byte[] text = reason == null ? new byte[0] : truncated(reason);
    return controlFrame(OPCODE_CLOSE, 2 + text.length).writeShort(status).writeBytes(text);
  }

  /** A pong frame as bytes carrying {@code payload}'s readable bytes (the ping's, which the caller keeps). */
  private ByteBuf pongFrame(ByteBuf payload) {
    int length = payload.readableBytes();
    return controlFrame(OPCODE_PONG, length).writeBytes(payload, payload.readerIndex(), length);
  }

  /**
   * A buffer holding a control frame's header (final, unmasked, as a server's frames are) for {@code length}
   * payload bytes, at most 125 (the decoder refuses longer control frames), with room for them.
   */
  private ByteBuf controlFrame(int opcode, int length) {
    return channel.alloc().buffer(2 + length).writeByte(0x80 | opcode).writeByte(length);
  }

  /** {@code reason} as UTF-8, cut at a character boundary to fit a close frame's 123 bytes. */
  private static byte[] truncated(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 123) {
      return bytes;
    }
    int end = 123;
    while ((bytes[end] & 0xC0) == 0x80) { // not at a character's first byte: step back
      end--;
    }
    return java.util.Arrays.copyOf(bytes, end);
  }
}
