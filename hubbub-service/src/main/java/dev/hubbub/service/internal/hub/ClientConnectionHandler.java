package dev.hubbub.service.internal.hub;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.AckMessage;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HandshakeResponse;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.PingMessage;
import dev.hubbub.protocol.hub.SequenceMessage;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.service.internal.upstream.UpstreamClient;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub layer of the service's client endpoint ({@code /client/?hub=H}): the handshake, then hub messages
 * in the client's protocol, keep-alive pings, the handshake and client timeouts, stateful reconnect, and in
 * serverless mode the upstream events.
 *
 * <p>Called on each connection's event loop. Nothing here blocks: upstream calls are asynchronous.
 */
public final class ClientConnectionHandler implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");
  private static final String SESSION = ClientSession.class.getName();
  /** How often a stateful-reconnect client is told what arrived, as SignalR clients do. */
  private static final long ACK_INTERVAL_NANOS = 1_000_000_000L;

  private final HubDirectory hubs;
  private final ServiceOptions options;
  private final UpstreamClient upstream;
  private final HubProtocol json;
  private final HubProtocol messagePack;
  private final ServiceTelemetry telemetry;
  private final ClientRouter router;

  public ClientConnectionHandler(HubDirectory hubs, ServiceOptions options, UpstreamClient upstream,
      ServiceTelemetry telemetry) {
    this(hubs, options, upstream, telemetry, ClientRouter.SERVERLESS);
  }

  /** A handler that asks {@code router} at each handshake whether an app server runs the client. */
  public ClientConnectionHandler(HubDirectory hubs, ServiceOptions options, UpstreamClient upstream,
      ServiceTelemetry telemetry, ClientRouter router) {
    this.router = router;
    this.telemetry = telemetry;
    this.hubs = hubs;
    this.options = options;
    this.upstream = upstream;
    HubProtocolOptions protocolOptions = HubProtocolOptions.DEFAULTS.toBuilder()
        .maxMessageSize(options.maxClientMessageSize()).build();
    this.json = HubProtocols.byName("json", protocolOptions).orElseThrow();
    this.messagePack = HubProtocols.byName("messagepack", protocolOptions).orElseThrow();
  }

  /** The session of a connection of this endpoint, or null. */
  public static @Nullable ClientSession session(TransportConnection connection) {
    return (ClientSession) connection.attributes().get(SESSION);
  }

  @Override
  public void onConnected(TransportConnection connection) {
    String hubName = connection.request().query().getOrDefault("hub", List.of(connection.application().key())).get(0);
    ClientSession session = new ClientSession(connection, hubName, connection.user().id(), connection.user().claims(),
        telemetry);
    connection.attributes().put(SESSION, session);
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    ClientSession session = session(connection);
    if (session == null || session.closing()) {
      return;
    }
    session.received(false);
    session.countReceived(0, data.readableBytes());
    ClientRoute route = session.route();
    if (route != null) {
      // Routed: the bytes go to the app server unread; only the size limit applies (per transport message,
      // as the service does not split them into hub messages).
      if (data.readableBytes() > options.maxClientMessageSize()) {
        fail(session, "The maximum message size of " + options.maxClientMessageSize() + "B was exceeded.");
        return;
      }
      route.data(session, data.nioBuffer());
      return;
    }
    try {
      ByteBuffer input = data.nioBuffer();
      if (!session.handshaken()) {
        input = handshake(session, input);
        if (session.handshaken() || session.closing()) {
          session.forgetOpenRequest();
        }
        if (input == null || !input.hasRemaining()) {
          return;
        }
      }
      HubProtocol protocol = session.protocol();
      protocol.parse(input, session.reader(), (message, payload) -> dispatch(session, message, payload));
    } catch (MessageTooLargeException e) {
      fail(session, e.getMessage());
    } catch (ProtocolException e) {
      fail(session, "Invalid message from the client: " + e.getMessage());
    }
  }

  /** Returns what follows the handshake, or null when it is not complete yet. */
  private @Nullable ByteBuffer handshake(ClientSession session, ByteBuffer input) throws ProtocolException {
    ByteBuf pending = session.handshakeBuffer();
    ByteBuffer source = input;
    if (pending != null) {
      pending.writeBytes(input);
      source = pending.nioBuffer();
    }
    HandshakeRequest request;
    ByteBuffer start = source.duplicate();
    try {
      request = HandshakeRequest.tryParse(source, options.maxClientMessageSize());
    } catch (ProtocolException e) {
      releaseHandshakeBuffer(session);
      // ASP.NET Core's text with detailed errors on, as the official emulator runs
      handshakeFailed(session, "An unexpected error occurred during connection handshake. InvalidDataException: "
          + e.getMessage());
      return null;
    }
    if (request == null) {
      if (pending == null) {
        ByteBuf copy = Unpooled.buffer(Math.max(64, input.remaining()));
        copy.writeBytes(input);
        session.handshakeBuffer(copy);
      }
      return null;
    }
    // the request as the client sent it, for an app server to read (the pending buffer is released below)
    ByteBuffer raw = ByteBuffer.allocate(source.position() - start.position());
    raw.put(start.limit(source.position())).flip();
    ByteBuffer rest = ByteBuffer.allocate(source.remaining()).put(source).flip();
    releaseHandshakeBuffer(session);
    HubProtocol protocol = switch (request.protocol()) {
      case "json" -> json;
      case "messagepack" -> messagePack;
      default -> null;
    };
    TransportConnection transport = session.transport();
    if (protocol == null) {
      handshakeFailed(session, "The protocol '" + request.protocol() + "' is not supported.");
      return null;
    }
    if (request.version() > protocol.version()) {
      handshakeFailed(session, "The server does not support version " + request.version() + " of the '"
          + request.protocol() + "' protocol.");
      return null;
    }
    if (protocol.transferFormat() == dev.hubbub.protocol.hub.TransferFormat.BINARY
        && transport.transport() == TransportType.SERVER_SENT_EVENTS) {
      handshakeFailed(session, "Cannot use the '" + request.protocol()
          + "' protocol on the current transport. The transport does not support 'Binary' transfer format.");
      return null;
    }
    ClientRoute route;
    try {
      route = router.route(session);
    } catch (ClientRouter.RouteRefusedException e) {
      handshakeFailed(session, e.getMessage());
      return null;
    }
    if (route != null) {
      routed(session, route, protocol, raw, rest);
      return null;
    }
    boolean stateful = transport.statefulReconnect() && request.version() >= 2;
    session.handshaken(protocol, stateful);
    transport.write(Unpooled.wrappedBuffer(HandshakeResponse.SUCCESS.toBytes()));
    transport.setTransferFormat(protocol.transferFormat() == dev.hubbub.protocol.hub.TransferFormat.BINARY
        ? TransferFormat.BINARY : TransferFormat.TEXT);
    hubs.hub(transport.application().key(), session.hubName()).add(session);
    telemetry.connectionOpened(transport.application().key(), transport.transport().wireName());
    log.debug("Client {} connected to hub '{}' as {} over {} with {}", session.connectionId(), session.hubName(),
        session.userId() == null ? "anonymous" : "user '" + session.userId() + "'", transport.transport(),
        protocol.name());
    upstream.connected(session);
    return rest;
  }

  /**
   * Hands a client to an app server: OpenConnection, then its handshake request and whatever followed it, as
   * ConnectionData. The server answers the handshake; the service stays out of the conversation.
   */
  private void routed(ClientSession session, ClientRoute route, HubProtocol protocol, ByteBuffer handshake,
      ByteBuffer rest) {
    TransportConnection transport = session.transport();
    // the server runs stateful reconnect, if any, inside the routed bytes; the service keeps no replay buffer
    session.handshaken(protocol, false);
    session.route(route);
    // Text frames until the server's handshake response has passed, binary after it for MessagePack clients
    // (the server link switches), as the handshake response of a client served here.
    hubs.hub(transport.application().key(), session.hubName()).add(session);
    telemetry.connectionOpened(transport.application().key(), transport.transport().wireName());
    log.debug("Client {} of hub '{}' routed to an app server ({})", session.connectionId(), session.hubName(),
        protocol.name());
    route.open(session, handshake);
    if (rest.hasRemaining()) {
      route.data(session, rest);
    }
  }

  private static void releaseHandshakeBuffer(ClientSession session) {
    ByteBuf pending = session.handshakeBuffer();
    if (pending != null) {
      pending.release();
      session.handshakeBuffer(null);
    }
  }

  private void handshakeFailed(ClientSession session, String error) {
    log.warn("Client {} of hub '{}' failed its handshake: {}", session.connectionId(), session.hubName(), error);
    session.closing(true);
    session.transport().write(Unpooled.wrappedBuffer(HandshakeResponse.error(error).toBytes()));
    session.transport().close(error);
  }

  private void dispatch(ClientSession session, HubMessage message, ByteBuffer payload) {
    session.countReceived(1, 0);
    if (message.type().isTrackable() && !session.acceptTrackable()) {
      return;
    }
    if (message instanceof PingMessage) {
      session.received(true);
    } else if (message instanceof InvocationMessage invocation) {
      upstream.invocation(session, invocation, payload);
    } else if (message instanceof CloseMessage) {
      session.closing(true);
      session.transport().close(null);
    } else if (message instanceof AckMessage ack) {
      session.acknowledged(ack.sequenceId());
    } else if (message instanceof SequenceMessage sequence) {
      if (!session.sequence(sequence.sequenceId())) {
        fail(session, "Sequence ID greater than amount of messages we've received.");
      }
    } else if (message instanceof StreamInvocationMessage stream) {
      complete(session, stream.invocationId(), "Streaming invocations are not supported in serverless mode.");
    } else {
      log.debug("Client {} sent {} which serverless mode ignores", session.connectionId(), message.type());
    }
  }

  private void complete(ClientSession session, String invocationId, String error) {
    session.send(session.protocol().write(CompletionMessage.withError(invocationId, error)), true);
  }

  /** Ends a connection after bad input: a Close message naming the problem, then the transport closes. */
  private void fail(ClientSession session, String error) {
    if (session.closing()) {
      return;
    }
    log.warn("Closing client {} of hub '{}': {}", session.connectionId(), session.hubName(), error);
    close(session, error, false);
  }

  /** Sends a Close message (with {@code error}, if any) and closes the transport. */
  public static void close(ClientSession session, @Nullable String error, boolean allowReconnect) {
    if (session.closing()) {
      return;
    }
    session.closing(true);
    HubProtocol protocol = session.protocol();
    if (protocol != null) {
      session.transport().write(Unpooled.wrappedBuffer(protocol.write(new CloseMessage(error, allowReconnect))));
    }
    session.transport().close(error);
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session == null || session.closing()) {
      return;
    }
    long now = System.nanoTime();
    if (!session.handshaken()) {
      if (now - session.createdNanos() > options.handshakeTimeout().toNanos()) {
        releaseHandshakeBuffer(session);
        handshakeFailed(session, "Handshake was canceled.");
      }
      return;
    }
    if (session.route() != null) {
      return; // the app server keeps its clients alive and times them out
    }
    HubProtocol protocol = session.protocol();
    if (connection.transport() != TransportType.LONG_POLLING) {
      if (session.clientPinged() && now - session.lastReceivedNanos() > options.clientTimeout().toNanos()) {
        fail(session, "Client hasn't sent a message/ping within the configured ClientTimeoutInterval.");
        return;
      }
      if (now - session.lastSentNanos() >= options.keepAliveInterval().toNanos()) {
        session.send(pingFor(protocol), false);
      }
    }
    if (session.stateful()) {
      long ack = session.ackDue();
      if (ack > 0) {
        session.send(protocol.write(new AckMessage(ack)), false);
      }
    }
  }

  private ByteBuf pingFor(HubProtocol protocol) {
    return Unpooled.wrappedBuffer(protocol.write(PingMessage.INSTANCE));
  }

  @Override
  public void onDisconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session != null && session.route() != null) {
      // The service keeps no replay buffer for a routed client, so it could not resume without losing what the
      // server sent meanwhile: end it, the server hears CloseConnection and the client reconnects afresh.
      session.closing(true);
      connection.close("The connection dropped; stateful reconnect is not available for clients routed to an "
          + "app server.");
      return;
    }
    if (session != null) {
      session.awaitSequence();
    }
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session == null || session.protocol() == null || session.route() != null) {
      return;
    }
    HubProtocol protocol = session.protocol();
    // The Sequence message goes first, then every message the client has not acknowledged.
    long[] first = new long[1];
    java.util.List<ByteBuf> replay = new java.util.ArrayList<>();
    first[0] = session.replayFrom(b -> replay.add(b.retainedDuplicate()));
    connection.write(Unpooled.wrappedBuffer(protocol.write(new SequenceMessage(first[0]))));
    for (ByteBuf b : replay) {
      connection.write(b);
      b.release();
    }
    log.debug("Client {} reconnected; replayed {} message(s) from sequence {}", session.connectionId(),
        replay.size(), first[0]);
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    ClientSession session = session(connection);
    if (session == null) {
      return;
    }
    session.closing(true);
    releaseHandshakeBuffer(session);
    session.releaseBuffer();
    if (error instanceof SlowConsumerException) {
      log.warn("Closed client {} of hub '{}': {}", session.connectionId(), session.hubName(), error.getMessage());
    }
    ClientRoute route = session.route();
    if (route != null) {
      hubs.hub(connection.application().key(), session.hubName()).remove(session);
      telemetry.connectionClosed(connection.application().key(), connection.transport().wireName());
      route.closed(session, error == null ? null : error.getMessage());
      return;
    }
    if (session.handshaken()) {
      hubs.hub(connection.application().key(), session.hubName()).remove(session);
      telemetry.connectionClosed(connection.application().key(), connection.transport().wireName());
      log.debug("Client {} of hub '{}' disconnected{}", session.connectionId(), session.hubName(),
          error == null ? "" : ": " + error.getMessage());
      upstream.disconnected(session, error);
    }
  }
}
