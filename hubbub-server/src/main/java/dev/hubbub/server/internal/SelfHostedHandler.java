package dev.hubbub.server.internal;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.AckMessage;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HandshakeResponse;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.PingMessage;
import dev.hubbub.protocol.hub.SequenceMessage;
import dev.hubbub.server.HubOptions;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub layer of a self-hosted endpoint on the transport SPI: the handshake, framing and parsing,
 * keep-alive pings, handshake and client timeouts and stateful reconnect; every other message goes to the
 * {@link HubDispatcher}. Runs on the connections' event loops and never blocks.
 */
public final class SelfHostedHandler implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.connections");
  private static final String SESSION = SelfHostedSession.class.getName();

  private final HubDispatcher dispatcher;
  private final HubOptions options;
  private final HubProtocol json;
  private final HubProtocol messagePack;
  private volatile boolean stopping;

  public SelfHostedHandler(HubDispatcher dispatcher, HubOptions options, HubProtocolOptions protocolOptions) {
    this.dispatcher = dispatcher;
    this.options = options;
    this.json = HubProtocols.byName("json", protocolOptions).orElseThrow();
    this.messagePack = HubProtocols.byName("messagepack", protocolOptions).orElseThrow();
  }

  private static @Nullable SelfHostedSession session(TransportConnection connection) {
    return (SelfHostedSession) connection.attributes().get(SESSION);
  }

  /** Tells every client the server is going away and that it may reconnect, then closes them. */
  public void stop() {
    stopping = true;
    for (HubConnection c : dispatcher.connections()) {
      c.close(null, true);
    }
  }

  @Override
  public void onConnected(TransportConnection connection) {
    SelfHostedSession session = new SelfHostedSession(connection);
    connection.attributes().put(SESSION, session);
    if (stopping) {
      connection.close("Server is shutting down.");
    }
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    SelfHostedSession session = session(connection);
    if (session == null || session.closing()) {
      return;
    }
    session.received(false);
    try {
      ByteBuffer input = data.nioBuffer();
      if (!session.handshaken()) {
        input = handshake(session, input);
        if (input == null || !input.hasRemaining()) {
          return;
        }
      }
      HubProtocol protocol = session.protocol();
      List<HubMessage> messages = new ArrayList<>();
      ProtocolException failure = null;
      try {
        protocol.parse(input, session.reader(), (message, payload) -> messages.add(message));
      } catch (ProtocolException e) {
        failure = e;
      }
      // Messages before a bad one are still handled: an accepted message is never lost.
      for (HubMessage m : messages) {
        if (session.closing()) {
          return;
        }
        handle(session, m);
      }
      if (failure != null) {
        throw failure;
      }
    } catch (MessageTooLargeException e) {
      fail(session, e.getMessage());
    } catch (ProtocolException e) {
      fail(session, e.getMessage());
    }
  }

  /** Returns what follows the handshake, or null when it is not complete (or failed). */
  private @Nullable ByteBuffer handshake(SelfHostedSession session, ByteBuffer input) {
    ByteBuf pending = session.handshakeBuffer();
    ByteBuffer source = input;
    if (pending != null) {
      pending.writeBytes(input);
      source = pending.nioBuffer();
    }
    HandshakeRequest request;
    try {
      request = HandshakeRequest.tryParse(source, options.maximumReceiveMessageSize());
    } catch (ProtocolException e) {
      releaseHandshakeBuffer(session);
      handshakeFailed(session, e.getMessage());
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
    ByteBuffer rest = ByteBuffer.allocate(source.remaining()).put(source).flip();
    releaseHandshakeBuffer(session);
    TransportConnection transport = session.transport();
    HubProtocol protocol = switch (request.protocol().toLowerCase(Locale.ROOT)) {
      case "json" -> json;
      case "messagepack" -> messagePack;
      default -> null;
    };
    if (protocol == null) {
      handshakeFailed(session, "The protocol '" + request.protocol() + "' is not supported.");
      return null;
    }
    if (request.version() > protocol.version()) {
      handshakeFailed(session, "The server does not support version " + request.version() + " of the '"
          + request.protocol() + "' protocol.");
      return null;
    }
    boolean binary = protocol.transferFormat() == dev.hubbub.protocol.hub.TransferFormat.BINARY;
    if (binary && transport.transport() == TransportType.SERVER_SENT_EVENTS) {
      handshakeFailed(session, "Cannot use the '" + request.protocol()
          + "' protocol on the current transport. The transport does not support 'Binary' transfer format.");
      return null;
    }
    boolean stateful = transport.statefulReconnect() && request.version() >= 2;
    HubConnection connection = new HubConnection(transport.connectionId(), transport.user().id(),
        transport.user().claims(), protocol, session);
    session.handshaken(protocol, stateful, connection);
    ByteBuf ok = Unpooled.wrappedBuffer(HandshakeResponse.SUCCESS.toBytes());
    transport.write(ok);
    ok.release();
    transport.setTransferFormat(binary ? TransferFormat.BINARY : TransferFormat.TEXT);
    log.debug("Client {} connected as {} over {} with {}", transport.connectionId(),
        connection.userIdentifier() == null ? "anonymous" : "user '" + connection.userIdentifier() + "'",
        transport.transport(), protocol.name());
    dispatcher.connected(connection);
    return rest;
  }

  private static void releaseHandshakeBuffer(SelfHostedSession session) {
    ByteBuf pending = session.handshakeBuffer();
    if (pending != null) {
      pending.release();
      session.handshakeBuffer(null);
    }
  }

  private void handshakeFailed(SelfHostedSession session, String error) {
    log.warn("Client {} failed its handshake: {}", session.transport().connectionId(), error);
    session.closing(true);
    ByteBuf response = Unpooled.wrappedBuffer(HandshakeResponse.error(error).toBytes());
    session.transport().write(response);
    response.release();
    session.transport().close(error);
  }

  private void handle(SelfHostedSession session, HubMessage message) {
    if (message.type().isTrackable() && session.stateful() && !session.acceptTrackable()) {
      return;
    }
    if (message instanceof PingMessage) {
      session.received(true);
    } else if (message instanceof CloseMessage) {
      session.closing(true);
      session.transport().close(null);
    } else if (message instanceof AckMessage ack) {
      session.acknowledged(ack.sequenceId());
    } else if (message instanceof SequenceMessage sequence) {
      if (!session.sequence(sequence.sequenceId())) {
        fail(session, "Sequence ID greater than amount of messages we've received.");
      }
    } else {
      dispatcher.received(session.hubConnection(), message);
    }
  }

  /** Ends a connection after bad input: a Close message naming the problem, then the transport closes. */
  private void fail(SelfHostedSession session, String error) {
    if (session.closing()) {
      return;
    }
    log.warn("Closing client {}: {}", session.transport().connectionId(), error);
    session.close("Connection closed with an error. InvalidDataException: " + error, false);
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    SelfHostedSession session = session(connection);
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
    HubProtocol protocol = session.protocol();
    if (connection.transport() != TransportType.LONG_POLLING) {
      if (session.clientPinged() && now - session.lastReceivedNanos() > options.clientTimeout().toNanos()) {
        log.debug("Client {} timed out", connection.connectionId());
        session.close("Connection closed with an error. OperationCanceledException: Client hasn't sent a "
            + "message/ping within the configured ClientTimeoutInterval.", false);
        return;
      }
      if (now - session.lastSentNanos() >= options.keepAliveInterval().toNanos()) {
        sendOwned(session, protocol.write(PingMessage.INSTANCE));
      }
    }
    if (session.stateful()) {
      long ack = session.ackDue();
      if (ack > 0) {
        sendOwned(session, protocol.write(new AckMessage(ack)));
      }
    }
  }

  private static void sendOwned(SelfHostedSession session, byte[] framed) {
    ByteBuf b = Unpooled.wrappedBuffer(framed);
    session.send(b, false);
    b.release();
  }

  @Override
  public void onDisconnected(TransportConnection connection) {
    SelfHostedSession session = session(connection);
    if (session != null) {
      session.awaitSequence();
    }
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    SelfHostedSession session = session(connection);
    if (session == null || session.protocol() == null) {
      return;
    }
    List<ByteBuf> replay = new ArrayList<>();
    long first = session.replayFrom(b -> replay.add(b.retainedDuplicate()));
    ByteBuf sequence = Unpooled.wrappedBuffer(session.protocol().write(new SequenceMessage(first)));
    connection.write(sequence);
    sequence.release();
    for (ByteBuf b : replay) {
      connection.write(b);
      b.release();
    }
    log.debug("Client {} reconnected; replayed {} message(s) from sequence {}", connection.connectionId(),
        replay.size(), first);
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    SelfHostedSession session = session(connection);
    if (session == null) {
      return;
    }
    session.closing(true);
    releaseHandshakeBuffer(session);
    session.releaseBuffer();
    HubConnection hub = session.hubConnection();
    if (hub != null) {
      log.debug("Client {} disconnected{}", connection.connectionId(), error == null ? "" : ": " + error.getMessage());
      dispatcher.disconnected(hub, error);
    }
  }
}
