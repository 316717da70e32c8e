package dev.hubbub.bench.load;

import org.jspecify.annotations.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * One SignalR client over a raw WebSocket: optional negotiate on the same keep-alive socket, the upgrade,
 * the hub handshake, then frames read in place. Written for density: no HTTP codec, no frame objects, no
 * timer; a cumulation buffer exists only while a frame is split across reads. Confined to its channel's loop.
 */
final class WebSocketClientHandler extends ChannelInboundHandlerAdapter {
  private enum Phase { NEGOTIATE, UPGRADE, HANDSHAKE, OPEN, CLOSED }

  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  private final ClientFleet fleet;
  private final int index;
  private final long startNanos;
  private @Nullable String token; // null without a token; dropped once the upgrade is sent
  @SuppressWarnings("NullAway.Init") // set in channelActive, before any other callback
  private Phase phase;
  @SuppressWarnings("NullAway.Init") // set in channelActive, before any other callback
  private LoopStats stats;
  private @Nullable ByteBuf cumulation;

  WebSocketClientHandler(ClientFleet fleet, int index, @Nullable String token, long startNanos) {
    this.fleet = fleet;
    this.index = index;
    this.token = token;
    this.startNanos = startNanos;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stats = fleet.stats(ctx.channel().eventLoop());
    if (fleet.config().scenario().needsConnectionIds()) {
      phase = Phase.NEGOTIATE;
      ctx.writeAndFlush(ascii("POST " + fleet.negotiateTarget() + " HTTP/1.1\r\nHost: " + fleet.hostHeader()
          + authorization() + "\r\nContent-Length: 0\r\n\r\n"));
    } else {
      upgrade(ctx, null);
    }
  }

  private void upgrade(ChannelHandlerContext ctx, @Nullable String connectionToken) {
    phase = Phase.UPGRADE;
    ctx.writeAndFlush(ascii("GET " + fleet.upgradeTarget(connectionToken) + " HTTP/1.1\r\nHost: " + fleet.hostHeader()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13" + authorization() + "\r\n\r\n"));
    token = null;
  }

  /** The Authorization header line, after a CRLF; empty when the client goes without a token. */
  private String authorization() {
    return token == null ? "" : "\r\nAuthorization: Bearer " + token;
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    ByteBuf buf;
    ByteBuf pending = cumulation;
    if (pending == null) {
      buf = in;
    } else {
      pending.writeBytes(in);
      in.release();
      buf = pending;
    }
    try {
      process(ctx, buf);
    } catch (RuntimeException e) {
      fail(ctx, "bad data from the server: " + e);
    }
    if (!buf.isReadable() || phase == Phase.CLOSED) {
      buf.release();
      cumulation = null;
    } else if (buf == in) {
      ByteBuf copy = ctx.alloc().heapBuffer(Math.max(1024, 2 * in.readableBytes()));
      copy.writeBytes(in);
      in.release();
      cumulation = copy;
    } else {
      buf.discardSomeReadBytes();
    }
  }

  private void process(ChannelHandlerContext ctx, ByteBuf buf) {
    while (phase != Phase.CLOSED && buf.isReadable()) {
      switch (phase) {
        case NEGOTIATE, UPGRADE -> {
          if (!readHttpResponse(ctx, buf)) {
            return;
          }
        }
        case HANDSHAKE, OPEN -> {
          if (!readFrame(ctx, buf)) {
            return;
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  /** False until the whole response is in {@code buf}. */
  private boolean readHttpResponse(ChannelHandlerContext ctx, ByteBuf buf) {
    int start = buf.readerIndex();
    int headerEnd = indexOf(buf, start, buf.writerIndex(), HEADER_END);
    if (headerEnd < 0) {
      if (buf.readableBytes() > 16 * 1024) {
        fail(ctx, "HTTP response head longer than 16 KB");
      }
      return false;
    }
    String head = buf.toString(start, headerEnd - start, StandardCharsets.ISO_8859_1);
    int bodyStart = headerEnd + 4;
    int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
    int contentLength = 0;
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int cl = lower.indexOf("\r\ncontent-length:");
    if (cl >= 0) {
      int eol = lower.indexOf('\r', cl + 2);
      contentLength = Integer.parseInt(lower.substring(cl + 17, eol < 0 ? lower.length() : eol).trim());
    }
    if (phase == Phase.UPGRADE) {
      if (status != 101) {
        fail(ctx, "WebSocket upgrade answered " + status);
        return false;
      }
      buf.readerIndex(bodyStart);
      phase = Phase.HANDSHAKE;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(fleet.handshakeFrame()));
      return true;
    }
    if (buf.writerIndex() - bodyStart < contentLength) {
      return false;
    }
    String body = buf.toString(bodyStart, contentLength, StandardCharsets.UTF_8);
    buf.readerIndex(bodyStart + contentLength);
    if (status != 200) {
      fail(ctx, "negotiate answered " + status + ": " + body);
      return false;
    }
    String connectionId = jsonString(body, "connectionId");
    String connectionToken = jsonString(body, "connectionToken");
    if (connectionId == null) {
      fail(ctx, "negotiate response without connectionId: " + body);
      return false;
    }
    fleet.connectionId(index, connectionId);
    upgrade(ctx, connectionToken == null ? connectionId : connectionToken);
    return true;
  }

  private static @Nullable String jsonString(String json, String name) {
    String key = "\"" + name + "\":\"";
    int at = json.indexOf(key);
    if (at < 0) {
      return null;
    }
    int from = at + key.length();
    int to = json.indexOf('"', from);
    return to < 0 ? null : json.substring(from, to);
  }

  /** False until a whole frame is in {@code buf}. */
  private boolean readFrame(ChannelHandlerContext ctx, ByteBuf buf) {
    int readable = buf.readableBytes();
    if (readable < 2) {
      return false;
    }
    int p = buf.readerIndex();
    int b0 = buf.getUnsignedByte(p);
    int b1 = buf.getUnsignedByte(p + 1);
    int header = 2;
    long length = b1 & 0x7f;
    if (length == 126) {
      if (readable < 4) {
        return false;
      }
      length = buf.getUnsignedShort(p + 2);
      header = 4;
    } else if (length == 127) {
      if (readable < 10) {
        return false;
      }
      length = buf.getLong(p + 2);
      header = 10;
    }
    if ((b1 & 0x80) != 0) {
      fail(ctx, "masked frame from the server");
      return false;
    }
    if (length > 64L * 1024 * 1024) {
      fail(ctx, "frame of " + length + " bytes");
      return false;
    }
    if (readable < header + length) {
      return false;
    }
    int start = p + header;
    int end = start + (int) length;
    int opcode = b0 & 0x0f;
    switch (opcode) {
      case 0, 1, 2 -> payload(ctx, buf, start, end, opcode == 2);
      case 8 -> {
        fleet.closedByServer(index, phase == Phase.OPEN, buf.toString(start + Math.min(2, (int) length),
            Math.max(0, (int) length - 2), StandardCharsets.UTF_8));
        phase = Phase.CLOSED;
        ctx.close();
      }
      default -> { } // ping/pong: the service does not send WebSocket pings
    }
    buf.readerIndex(end);
    return true;
  }

  private void payload(ChannelHandlerContext ctx, ByteBuf buf, int start, int end, boolean binary) {
    long now = System.nanoTime();
    if (phase == Phase.HANDSHAKE) {
      int rs = buf.indexOf(start, end, HubMessageScanner.RECORD_SEPARATOR);
      if (rs < 0 || rs - start != 2 || buf.getByte(start) != '{' || buf.getByte(start + 1) != '}') {
        fail(ctx, "handshake refused: " + buf.toString(start, end - start, StandardCharsets.UTF_8));
        return;
      }
      phase = Phase.OPEN;
      stats.connectMicros.recordValue(Math.min(LoopStats.MAX_MICROS, (now - startNanos) / 1000));
      fleet.handshaken(index);
      start = rs + 1;
      if (start >= end) {
        return;
      }
    }
    stats.frames++;
    stats.payloadBytes += end - start;
    if (binary) {
      HubMessageScanner.scanMessagePack(buf, start, end, stats, now, fleet.windowStart, fleet.windowEnd);
    } else {
      HubMessageScanner.scanJson(buf, start, end, stats, now, fleet.windowStart, fleet.windowEnd);
    }
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    if (phase != Phase.CLOSED) {
      fleet.failed(index, phase == Phase.OPEN, why);
      phase = Phase.CLOSED;
    }
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (phase != Phase.CLOSED) {
      boolean open = phase == Phase.OPEN;
      phase = Phase.CLOSED;
      if (!fleet.closing()) {
        fleet.failed(index, open, "connection closed by the server");
      }
    }
  }

  private static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
