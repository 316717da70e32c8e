package dev.hubbub.service.internal.hub;

import dev.hubbub.core.CloseReasons;
import dev.hubbub.core.HubSessionHandler;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.core.TransportSessionHandler;
import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.service.internal.upstream.UpstreamClient;
import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's client endpoint ({@code /client/?hub=H}) on the transport: the hub layer runs each client's
 * session, with {@link ClientEndpoint} deciding what happens to it. A client that was handed to an app server
 * is no longer read by the hub layer: its bytes go to the app server as they arrive.
 *
 * <p>Called on each connection's event loop; never blocks.
 */
public final class ClientConnectionHandler extends TransportSessionHandler<ClientSession> {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");

  private final ServiceOptions options;
  private final ServiceTelemetry telemetry;

  public ClientConnectionHandler(HubDirectory hubs, ServiceOptions options, UpstreamClient upstream,
      ServiceTelemetry telemetry) {
    this(hubs, options, upstream, telemetry, ClientRouter.SERVERLESS);
  }

  /** A handler that asks {@code router} at each handshake whether an app server runs the client. */
  public ClientConnectionHandler(HubDirectory hubs, ServiceOptions options, UpstreamClient upstream,
      ServiceTelemetry telemetry, ClientRouter router) {
    super(ClientSession.class, new HubSessionHandler<>(sessionOptions(options),
        new ClientEndpoint(hubs, upstream, telemetry, router), log));
    this.options = options;
    this.telemetry = telemetry;
  }

  private static HubSessionOptions sessionOptions(ServiceOptions options) {
    HubProtocolOptions protocols = HubProtocolOptions.DEFAULTS.toBuilder()
        .maxMessageSize(options.maxClientMessageSize()).build();
    return new HubSessionOptions(protocols, options.handshakeTimeout(), options.keepAliveInterval(),
        options.clientTimeout())
        .withInvocationRateLimits(options.maxInvocationsPerSecond(), options.maxInvocationsPerSecondPerIp());
  }

  @Override
  protected ClientSession newSession(TransportConnection connection) {
    // The hub as the client spelled it; when that is the application's (lower-cased) key, the key itself, which the
    // hub's connections share, rather than a copy per connection.
    String key = connection.application().key();
    String hub = connection.request().queryParam("hub");
    String hubName = hub == null || hub.equals(key) ? key : hub;
    return new ClientSession(connection, hubName, connection.user().id(), connection.user().claims(), telemetry,
        options.maxOutboundQueueBytes());
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
  public void onDisconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session != null && session.route() != null) {
      // The service keeps no replay buffer for a routed client, so it could not resume without losing what the
      // server sent meanwhile: end it, the server hears CloseConnection and the client reconnects afresh.
      session.end("The connection dropped; stateful reconnect is not available for clients routed to an "
          + "app server.");
      return;
    }
    super.onDisconnected(connection);
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    ClientSession session = session(connection);
    if (session != null && session.route() == null) {
      super.onReconnected(connection);
    }
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    ClientSession session = session(connection);
    if (session != null && error instanceof SlowConsumerException) {
      log.warn("Closed {}: {}", session.describe(), error.getMessage());
    }
    super.onClosed(connection, error);
  }
}
