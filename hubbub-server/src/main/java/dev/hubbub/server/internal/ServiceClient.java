package dev.hubbub.server.internal;

import dev.hubbub.serviceconnection.ServiceConnection;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.AckMessage;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HandshakeResponse;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.PingMessage;
import dev.hubbub.protocol.hub.SequenceMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.server.HubException;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client multiplexed over a service connection: its raw SignalR stream arrives in {@code ConnectionData}
 * messages (the first bytes are its handshake), and what the hub writes to it leaves the same way. It is a
 * {@link ConnectionSink} so the {@link HubDispatcher} treats it like a self-hosted connection.
 *
 * <p>Input is handled on the carrying service connection's thread; the lock orders it against closes from
 * hub threads.
 */
final class ServiceClient implements ConnectionSink {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");

  private final ServiceHub hub;
  final ServiceConnection carrier;
  final String connectionId;
  private final @Nullable String userId;
  private final Map<String, List<String>> claims;
  private final @Nullable String protocolHint;
  private final boolean migrated;

  // Guarded by this.
  private @Nullable ByteArrayOutputStream handshake;
  private @Nullable HubProtocol protocol;
  private @Nullable FrameReader reader;
  private @Nullable HubConnection connection;
  private boolean closed;
  volatile long lastSentNanos = System.nanoTime();

  ServiceClient(ServiceHub hub, ServiceConnection carrier, String connectionId, @Nullable String userId,
      Map<String, List<String>> claims, @Nullable String protocolHint, boolean migrated) {
    this.hub = hub;
    this.carrier = carrier;
    this.connectionId = connectionId;
    this.userId = userId;
    this.claims = claims;
    this.protocolHint = protocolHint;
    this.migrated = migrated;
  }

  synchronized @Nullable HubConnection connection() {
    return connection;
  }

  /** Bytes from the client (a {@code ConnectionData} payload). */
  synchronized void received(ByteBuffer data) {
    if (closed) {
      return;
    }
    ByteBuffer input = data;
    if (protocol == null) {
      input = handshake(input);
      if (input == null || !input.hasRemaining()) {
        return;
      }
    }
    List<HubMessage> messages = new ArrayList<>();
    ProtocolException failure = null;
    try {
      protocol.parse(input, reader, (message, payload) -> messages.add(message));
    } catch (ProtocolException e) {
      failure = e;
    }
    for (HubMessage m : messages) {
      if (closed) {
        return;
      }
      if (m instanceof PingMessage || m instanceof AckMessage || m instanceof SequenceMessage) {
        continue;
      }
      if (m instanceof CloseMessage) {
        // The client says goodbye; the service learns it from us and closes its transport.
        carrier.send(new CloseConnectionMessage(connectionId));
        gone(null);
        return;
      }
      hub.dispatcher().received(connection, m);
    }
    if (failure != null) {
      log.warn("Closing client {}: {}", connectionId, failure.getMessage());
      close("Connection closed with an error. InvalidDataException: " + failure.getMessage(), false);
    }
  }

  /** Returns what follows a complete handshake, or null when more bytes are needed (or it failed). */
  private @Nullable ByteBuffer handshake(ByteBuffer input) {
    ByteBuffer source = input;
    if (handshake != null) {
      byte[] more = new byte[input.remaining()];
      input.get(more);
      handshake.write(more, 0, more.length);
      source = ByteBuffer.wrap(handshake.toByteArray());
    }
    HandshakeRequest request;
    try {
      request = HandshakeRequest.tryParse(source, hub.maxMessageSize());
    } catch (ProtocolException e) {
      handshakeFailed(e.getMessage());
      return null;
    }
    if (request == null) {
      if (handshake == null) {
        handshake = new ByteArrayOutputStream();
        byte[] copy = new byte[source.remaining()];
        source.get(copy);
        handshake.write(copy, 0, copy.length);
      }
      return null;
    }
    handshake = null;
    HubProtocol p = hub.protocol(request.protocol());
    if (p == null) {
      handshakeFailed("The protocol '" + request.protocol() + "' is not supported.");
      return null;
    }
    if (request.version() > p.version()) {
      handshakeFailed("The server does not support version " + request.version() + " of the '"
          + request.protocol() + "' protocol.");
      return null;
    }
    if (protocolHint != null && !protocolHint.equalsIgnoreCase(p.name())) {
      log.debug("Client {}: the service announced protocol {} but the handshake asks for {}", connectionId,
          protocolHint, p.name());
    }
    protocol = p;
    reader = p.newFrameReader();
    connection = new HubConnection(connectionId, userId, claims, p, this);
    if (!migrated) {
      carrier.send(new ConnectionDataMessage(connectionId, ByteBuffer.wrap(HandshakeResponse.SUCCESS.toBytes())));
    }
    log.debug("Client {} connected through the service as {} with {}", connectionId,
        userId == null ? "anonymous" : "user '" + userId + "'", p.name());
    hub.dispatcher().connected(connection);
    ByteBuffer rest = ByteBuffer.allocate(source.remaining()).put(source).flip();
    return rest;
  }

  private void handshakeFailed(String error) {
    log.warn("Client {} failed its handshake: {}", connectionId, error);
    closed = true;
    carrier.send(new ConnectionDataMessage(connectionId, ByteBuffer.wrap(HandshakeResponse.error(error).toBytes())));
    carrier.send(new CloseConnectionMessage(connectionId, error, Map.of(), dev.hubbub.protocol.service.MessageExtensions.NONE));
    hub.removed(this);
  }

  /** The service says the client is gone ({@code CloseConnection}), or its service connection dropped. */
  synchronized void gone(@Nullable String error) {
    if (closed) {
      return;
    }
    closed = true;
    hub.removed(this);
    if (connection != null) {
      hub.dispatcher().disconnected(connection, error == null || error.isEmpty() ? null : new HubException(error));
    }
  }

  // ---- ConnectionSink

  @Override
  public boolean send(ByteBuf framed, boolean trackable) {
    if (closed) {
      return false;
    }
    lastSentNanos = System.nanoTime();
    return carrier.send(new ConnectionDataMessage(connectionId, framed.nioBuffer()));
  }

  @Override
  public synchronized void close(@Nullable String error, boolean allowReconnect) {
    if (closed) {
      return;
    }
    HubProtocol p = protocol;
    if (p != null) {
      carrier.send(new ConnectionDataMessage(connectionId, ByteBuffer.wrap(p.write(new CloseMessage(error, allowReconnect)))));
    }
    carrier.send(new CloseConnectionMessage(connectionId, error == null ? "" : error, Map.of(),
        dev.hubbub.protocol.service.MessageExtensions.NONE));
    gone(null);
  }

  /** Sends a hub keep-alive ping when nothing went to the client for {@code intervalNanos}. */
  void keepAlive(long now, long intervalNanos) {
    HubProtocol p;
    synchronized (this) {
      p = closed ? null : protocol;
    }
    if (p != null && now - lastSentNanos >= intervalNanos) {
      lastSentNanos = now;
      carrier.send(new ConnectionDataMessage(connectionId, ByteBuffer.wrap(p.write(PingMessage.INSTANCE))));
    }
  }
}
