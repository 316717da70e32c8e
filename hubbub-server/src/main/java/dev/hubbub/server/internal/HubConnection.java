package dev.hubbub.server.internal;

import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.server.HubCallerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A client connection of a hub once its handshake is done, however it arrived (own transport or, later,
 * multiplexed through the SignalR service). Safe to use from any thread.
 */
public final class HubConnection implements HubCallerContext {
  private final String connectionId;
  private final @Nullable String userId;
  private final Map<String, List<String>> claims;
  private final HubProtocol protocol;
  private final ConnectionSink sink;
  private final Map<String, Object> items = new ConcurrentHashMap<>();
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  final Map<String, ClientStream> clientStreams = new ConcurrentHashMap<>();
  final Map<String, ServerStream> serverStreams = new ConcurrentHashMap<>();
  final AtomicInteger pending = new AtomicInteger();
  private volatile @Nullable InvocationLane lane;
  private volatile boolean closed;

  /**
   * @param protocol the hub protocol agreed in the handshake
   * @param sink where the connection's messages go
   */
  public HubConnection(String connectionId, @Nullable String userId, Map<String, List<String>> claims,
      HubProtocol protocol, ConnectionSink sink) {
    this.connectionId = connectionId;
    this.userId = userId;
    this.claims = Map.copyOf(claims);
    this.protocol = protocol;
    this.sink = sink;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public @Nullable String userIdentifier() {
    return userId;
  }

  @Override
  public Map<String, List<String>> claims() {
    return claims;
  }

  @Override
  public Map<String, Object> items() {
    return items;
  }

  @Override
  public void abort() {
    sink.close(null, false);
  }

  /** The protocol the client speaks. */
  public HubProtocol protocol() {
    return protocol;
  }

  Set<String> groups() {
    return groups;
  }

  InvocationLane lane() {
    InvocationLane l = lane;
    if (l == null) {
      throw new IllegalStateException("connection " + connectionId + " is not attached to a hub");
    }
    return l;
  }

  void lane(InvocationLane lane) {
    this.lane = lane;
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  /** Encodes and sends a message meant for this connection alone. */
  boolean send(HubMessage message) {
    if (closed) {
      return false;
    }
    ByteBuf bytes = Unpooled.wrappedBuffer(protocol.write(message));
    try {
      return sink.send(bytes, message.type().isTrackable());
    } finally {
      bytes.release();
    }
  }

  /** Sends bytes already encoded in this connection's protocol; the caller keeps ownership. */
  boolean sendEncoded(ByteBuf framed) {
    return !closed && sink.send(framed, true);
  }

  /** Sends a Close message and ends the connection. */
  void close(@Nullable String error, boolean allowReconnect) {
    sink.close(error, allowReconnect);
  }

  @Override
  public String toString() {
    return "HubConnection[" + connectionId + (userId == null ? "" : ", user " + userId) + ", " + protocol.name() + "]";
  }
}
