package dev.hubbub.service.internal.hub;

import dev.hubbub.core.Admission;
import dev.hubbub.core.ClientHandshake;
import dev.hubbub.core.CloseReasons;
import dev.hubbub.core.HubEndpoint;
import dev.hubbub.core.HubSessionHandler;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.service.internal.upstream.UpstreamClient;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's client endpoint ({@code /client/?hub=H}): the hub layer ({@link HubSessionHandler}) over the
 * transport, and what the service does with its clients: in serverless mode their invocations and connection
 * events go upstream; in Default mode a client is handed to an app server at its handshake and its bytes go
 * there unread.
 *
 * <p>Called on each connection's event loop. Nothing here blocks: upstream calls are asynchronous.
 */
public final class ClientConnectionHandler implements ConnectionHandler, HubEndpoint<ClientSession> {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");
  private static final String SESSION = ClientSession.class.getName();

  private final HubDirectory hubs;
  private final ServiceOptions options;
  private final UpstreamClient upstream;
  private final ServiceTelemetry telemetry;
  private final ClientRouter router;
  private final HubSessionHandler<ClientSession> sessions;

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
    HubProtocolOptions protocols = HubProtocolOptions.DEFAULTS.toBuilder()
        .maxMessageSize(options.maxClientMessageSize()).build();
    this.sessions = new HubSessionHandler<>(new HubSessionOptions(protocols, options.handshakeTimeout(),
        options.keepAliveInterval(), options.clientTimeout()), this, log);
  }

  /** The session of a connection of this endpoint, or null. */
  public static @Nullable ClientSession session(TransportConnection connection) {
    return (ClientSession) connection.attributes().get(SESSION);
  }

  // ---- transport events

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
    if (session == null || session.isClosing()) {
      return;
    }
    ClientRoute route = session.route();
    if (route != null) {
      // Routed: the bytes go to the app server unread; only the size limit applies (per transport message,
      // as the service does not split them into hub messages).
      session.countReceived(0, data.readableBytes());
      if (data.readableBytes() > options.maxClientMessageSize()) {
        sessions.fail(session, CloseReasons.invalidData(
            new MessageTooLargeException(data.readableBytes(), options.maxClientMessageSize()).getMessage()));
        return;
      }
      route.data(session, data.nioBuffer());
      return;
    }
    boolean handshaking = session.protocol() == null;
    sessions.onData(session, data.nioBuffer());
    if (handshaking && (session.protocol() != null || session.isClosing())) {
      session.forgetOpenRequest();
    }
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session != null) {
      sessions.onHeartbeat(session, System.nanoTime());
    }
  }

  @Override
  public void onDisconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session == null) {
      return;
    }
    if (session.route() != null) {
      // The service keeps no replay buffer for a routed client, so it could not resume without losing what the
      // server sent meanwhile: end it, the server hears CloseConnection and the client reconnects afresh.
      session.end("The connection dropped; stateful reconnect is not available for clients routed to an "
          + "app server.");
      return;
    }
    sessions.onDisconnected(session);
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session != null && session.route() == null) {
      sessions.onReconnected(session);
    }
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    ClientSession session = session(connection);
    if (session == null) {
      return;
    }
    if (error instanceof SlowConsumerException) {
      log.warn("Closed {}: {}", session.describe(), error.getMessage());
    }
    sessions.onClosed(session, error);
  }

  // ---- hub layer events

  @Override
  public Admission admit(ClientSession session, ClientHandshake handshake) {
    ClientRoute route;
    try {
      route = router.route(session);
    } catch (ClientRouter.RouteRefusedException e) {
      return Admission.refuse(e.getMessage());
    }
    if (route == null) {
      return Admission.serve();
    }
    session.route(route);
    return Admission.handedOff();
  }

  /**
   * Hands a client to an app server: OpenConnection, then its handshake request and whatever followed it, as
   * ConnectionData. The server answers the handshake and keeps the client alive; the service stays out of the
   * conversation (it keeps no replay buffer: stateful reconnect, if any, runs inside the routed bytes).
   */
  @Override
  public void handedOff(ClientSession session, ClientHandshake handshake) {
    ClientRoute route = session.route();
    if (route == null) {
      return;
    }
    joined(session);
    log.debug("Client {} of hub '{}' routed to an app server ({})", session.connectionId(), session.hubName(),
        handshake.protocol().name());
    route.open(session, handshake.requestBytes());
    if (handshake.rest().hasRemaining()) {
      route.data(session, handshake.rest());
    }
  }

  @Override
  public void connected(ClientSession session) {
    joined(session);
    log.debug("Client {} connected to hub '{}' as {} over {} with {}", session.connectionId(), session.hubName(),
        session.userId() == null ? "anonymous" : "user '" + session.userId() + "'", session.transport().transport(),
        session.protocol() == null ? "?" : session.protocol().name());
    upstream.connected(session);
  }

  private void joined(ClientSession session) {
    TransportConnection transport = session.transport();
    hubs.hub(transport.application().key(), session.hubName()).onConnected(session);
    telemetry.connectionOpened(transport.application().key(), transport.transport().wireName());
  }

  @Override
  public void message(ClientSession session, HubMessage message, ByteBuffer payload) {
    if (message instanceof InvocationMessage invocation) {
      upstream.invocation(session, invocation, payload);
    } else if (message instanceof StreamInvocationMessage stream) {
      session.send(CompletionMessage.withError(stream.invocationId(),
          "Streaming invocations are not supported in serverless mode."));
    } else {
      log.debug("Client {} sent {} which serverless mode ignores", session.connectionId(), message.type());
    }
  }

  @Override
  public void received(ClientSession session, int messages, int bytes) {
    session.countReceived(messages, bytes);
  }

  @Override
  public void disconnected(ClientSession session, @Nullable Throwable error) {
    TransportConnection transport = session.transport();
    hubs.hub(transport.application().key(), session.hubName()).onDisconnected(session);
    telemetry.connectionClosed(transport.application().key(), transport.transport().wireName());
    ClientRoute route = session.route();
    if (route != null) {
      route.closed(session, error == null ? null : error.getMessage());
      return;
    }
    log.debug("Client {} of hub '{}' disconnected{}", session.connectionId(), session.hubName(),
        error == null ? "" : ": " + error.getMessage());
    upstream.disconnected(session, error);
  }
}
