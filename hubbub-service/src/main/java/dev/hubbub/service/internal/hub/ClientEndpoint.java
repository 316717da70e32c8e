package dev.hubbub.service.internal.hub;

import dev.hubbub.core.Admission;
import dev.hubbub.core.ClientHandshake;
import dev.hubbub.core.HubEndpoint;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.service.internal.upstream.UpstreamClient;
import dev.hubbub.transport.TransportConnection;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service does with its clients once the hub layer has read them: in serverless mode their
 * invocations and connection events go upstream; in Default mode a client is handed to an app server at its
 * handshake ({@link ClientRouter}) and its bytes go there unread. Every client joins its hub's lifetime manager.
 *
 * <p>Called on each connection's event loop. Nothing here blocks: upstream calls are asynchronous.
 */
final class ClientEndpoint implements HubEndpoint<ClientSession> {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");

  private final HubDirectory hubs;
  private final UpstreamClient upstream;
  private final ServiceTelemetry telemetry;
  private final ClientRouter router;

  ClientEndpoint(HubDirectory hubs, UpstreamClient upstream, ServiceTelemetry telemetry, ClientRouter router) {
    this.hubs = hubs;
    this.upstream = upstream;
    this.telemetry = telemetry;
    this.router = router;
  }

  @Override
  public Admission admit(ClientSession session, ClientHandshake handshake) {
    ClientRoute route;
    try {
      route = router.route(session);
    } catch (ClientRouter.RouteRefusedException e) {
      return Admission.refuse(String.valueOf(e.getMessage()));
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
    telemetry.connectionOpened(transport.application().key(), transport.transport().wireName(), session.connectionId(),
        session.protocol() == null ? null : session.protocol().name(), session.userId());
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
    telemetry.connectionClosed(transport.application().key(), transport.transport().wireName(), session.connectionId(),
        session.userId(), error == null ? null : error.getMessage());
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
