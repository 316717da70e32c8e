package dev.hubbub.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One soak client: a SignalR JSON connection over a WebSocket that reports every {@code s(sender, seq, sent)}
 * it receives to its {@link SessionLedger}, pings the server so it is not timed out, and can invoke hub
 * methods (the invokers send with it, and self-hosted clients join their group with it).
 */
final class SoakClient extends SimpleChannelInboundHandler<Object> {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final char RS = '\u001e';
  private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final String PING = "{\"type\":6}" + RS;

  /** Receives arrivals and closes on the client's event loop. */
  interface Listener {
    void arrived(SoakClient client, String sender, long seq, long sentNanos);

    void closed(SoakClient client, String why);
  }

  final int slot;
  final String name;
  final String user;
  final String group;
  final String connectionId;
  final SessionLedger ledger = new SessionLedger();
  /** Completes with the handshake reply; fails if the connection ends first. */
  final CompletableFuture<SoakClient> opened = new CompletableFuture<>();
  private final Listener listener;
  private final Map<String, CompletableFuture<Void>> invocations = new ConcurrentHashMap<>();
  private final AtomicLong invocationIds = new AtomicLong();
  /** Sequence of this client's own sends when it is an invoker; touched by the invoking thread only. */
  long seq;
  private final StringBuilder pending = new StringBuilder(); // event loop only
  private @Nullable String closeReason; // event loop only
  private volatile @Nullable Channel channel;
  private volatile boolean closingByUs;
  private @Nullable ScheduledFuture<?> pinger;

  SoakClient(int slot, String name, String user, String group, String connectionId, Listener listener) {
    this.slot = slot;
    this.name = name;
    this.user = user;
    this.group = group;
    this.connectionId = connectionId;
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      ctx.writeAndFlush(new TextWebSocketFrame(HANDSHAKE));
      // the server closes a client that sends nothing for its client timeout (30 s by default)
      pinger = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(new TextWebSocketFrame(PING)),
          10, 10, TimeUnit.SECONDS);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      fail(ctx, "WebSocket upgrade timed out");
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
    if (frame instanceof TextWebSocketFrame text) {
      pending.append(text.text());
      int start = 0;
      int rs;
      while ((rs = pending.indexOf(String.valueOf(RS), start)) >= 0) {
        record(ctx, pending.substring(start, rs));
        start = rs + 1;
      }
      pending.delete(0, start);
    } else if (frame instanceof CloseWebSocketFrame close) {
      closeReason = "close frame " + close.statusCode() + " " + close.reasonText();
      ctx.close();
    }
  }

  private void record(ChannelHandlerContext ctx, String json) {
    JsonNode m;
    try {
      m = JSON.readTree(json);
    } catch (Exception e) {
      fail(ctx, "unparsable message " + json);
      return;
    }
    if (!opened.isDone()) {
      if (m.has("error")) {
        fail(ctx, "handshake refused: " + m.get("error").asText());
      } else {
        opened.complete(this);
      }
      return;
    }
    switch (m.path("type").asInt()) {
      case 1 -> {
        JsonNode args = m.path("arguments");
        if ("s".equals(m.path("target").asText()) && args.size() == 3) {
          listener.arrived(this, args.get(0).asText(), args.get(1).asLong(), args.get(2).asLong());
        }
      }
      case 3 -> {
        CompletableFuture<Void> f = invocations.remove(m.path("invocationId").asText());
        if (f != null) {
          if (m.hasNonNull("error")) {
            f.completeExceptionally(new IllegalStateException("invocation failed: " + m.get("error").asText()));
          } else {
            f.complete(null);
          }
        }
      }
      case 7 -> closeReason = "SignalR close" + (m.hasNonNull("error") ? ": " + m.get("error").asText() : "");
      default -> { } // pings
    }
  }

  /** Invokes {@code method} without waiting for a result. */
  void send(String method, Object... args) {
    Channel c = channel;
    if (c != null) {
      c.writeAndFlush(new TextWebSocketFrame(invocation(null, method, args)));
    }
  }

  /** Invokes {@code method} and completes with its completion message. */
  CompletableFuture<Void> invoke(String method, Object... args) {
    String id = Long.toString(invocationIds.incrementAndGet());
    CompletableFuture<Void> f = new CompletableFuture<>();
    invocations.put(id, f);
    Channel c = channel;
    if (c == null) {
      f.completeExceptionally(new IllegalStateException("not connected"));
    } else {
      c.writeAndFlush(new TextWebSocketFrame(invocation(id, method, args)));
    }
    return f;
  }

  private static String invocation(@Nullable String id, String method, Object... args) {
    ObjectNode m = JSON.createObjectNode().put("type", 1);
    if (id != null) {
      m.put("invocationId", id);
    }
    m.put("target", method);
    ArrayNode a = m.putArray("arguments");
    for (Object arg : args) {
      a.add(JSON.valueToTree(arg));
    }
    return m + String.valueOf(RS);
  }

  boolean isActive() {
    Channel c = channel;
    return c != null && c.isActive();
  }

  /** Closes the connection as the soak's churn does: not counted as a failure. */
  void closeByUs() {
    closingByUs = true;
    Channel c = channel;
    if (c != null) {
      c.close();
    }
  }

  boolean closingByUs() {
    return closingByUs;
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    closeReason = why;
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause.toString());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (pinger != null) {
      pinger.cancel(false);
    }
    String why = closeReason == null ? "connection closed by the server" : closeReason;
    opened.completeExceptionally(new IllegalStateException(why));
    invocations.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
    listener.closed(this, why);
    super.channelInactive(ctx);
  }

  @Override
  public String toString() {
    return name + " (" + connectionId + ", user " + user + ", group " + group + ")";
  }
}
