package dev.hubbub.service.internal.server;

import dev.hubbub.service.LiveTraceEvent;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.service.ClientCompletionMessage;
import dev.hubbub.protocol.service.ClientInvocationMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ErrorCompletionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.protocol.service.ServiceErrorMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceProtocol;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import dev.hubbub.service.internal.hub.HubDirectory;
import dev.hubbub.service.internal.hub.RejectedHubHandler;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.hubbub.protocol.hub.HubProtocol;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of the Azure SignalR service protocol ({@code /server/?hub=H}, Default mode): an app
 * server's WebSocket of binary frames carrying VarInt-framed service messages. The first message must be a
 * HandshakeRequest of version 1; then the service routes clients over the connection
 * ({@link ServerConnection}), applies the server's sends and group operations ({@link ServerMessageApplier}),
 * answers pings and keeps the connection alive ({@code [3]} every 5 s; dropped after 30 s of silence).
 *
 * <p>When the connection ends, for whatever reason, its clients are closed with a Close message that allows
 * reconnecting, so that SignalR clients come back and are routed to a server that is still there.
 */
public final class ServerConnectionHandler implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.servers");
  private static final String STATE = ServerConnection.class.getName();

  /** What clients of a server connection that ended are told (with {@code allowReconnect: true}). */
  static final String SERVER_GONE = "The app server connection that served this client was closed; reconnect.";
  /** The handshake error in Serverless mode, where only management (Weak) connections are accepted. */
  static final String SERVERLESS_REFUSED = "Server connections are not allowed in 'Serverless' service mode. "
      + "Start the service in Default or Classic mode, or connect with the management SDK.";
  static final String VERSION_MISMATCH = "Version mismatch.";
  /** A server connection's slow-consumer bound, in multiples of the clients' one. */
  static final int SERVER_QUEUE_FACTOR = 8;
  static final String FIRST_NOT_HANDSHAKE = "The first message must be a HandshakeRequest.";

  private final HubDirectory hubs;
  private final ServerRegistry registry;
  private final int maxMessageSize;
  private final long keepAliveNanos;
  private final long timeoutNanos;
  private final long maxQueuedBytes;
  private final ServiceTelemetry telemetry;

  /**
   * @param keepAlive how often the service pings a quiet server connection (5 s, as the SDK expects)
   * @param timeout how long a server connection may stay silent before it is dropped (30 s)
   * @param maxOutboundQueueBytes the service's slow-consumer bound for one connection: clients sending to a
   *     server connection with a quarter of it queued are paused until a sixteenth is left, and a server
   *     connection is dropped only past eight times it
   */
  public ServerConnectionHandler(HubDirectory hubs, ServerRegistry registry, int maxMessageSize, Duration keepAlive,
      Duration timeout, long maxOutboundQueueBytes) {
    this(hubs, registry, maxMessageSize, keepAlive, timeout, maxOutboundQueueBytes, ServiceTelemetry.NOOP);
  }

  /** As above, with the live trace of app server connections going to {@code telemetry}. */
  public ServerConnectionHandler(HubDirectory hubs, ServerRegistry registry, int maxMessageSize, Duration keepAlive,
      Duration timeout, long maxOutboundQueueBytes, ServiceTelemetry telemetry) {
    this.telemetry = telemetry;
    this.maxQueuedBytes = maxOutboundQueueBytes;
    this.hubs = hubs;
    this.registry = registry;
    this.maxMessageSize = maxMessageSize;
    this.keepAliveNanos = keepAlive.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  private static @Nullable ServerConnection state(TransportConnection connection) {
    return (ServerConnection) connection.attributes().get(STATE);
  }

  @Override
  public void onConnected(TransportConnection connection) {
    connection.setTransferFormat(TransferFormat.BINARY);
    String hubName = connection.request().queryParam("hub");
    String serverId = connection.request().header("X-ASRS-Server-Id");
    if (serverId == null || serverId.isBlank()) {
      serverId = connection.user().id() != null ? connection.user().id() : connection.connectionId();
    }
    connection.setMaxOutboundQueueBytes(SERVER_QUEUE_FACTOR * maxQueuedBytes);
    ServerConnection server = new ServerConnection(connection, connection.application().key(),
        hubName == null ? connection.application().key() : hubName, serverId, maxMessageSize,
        Math.max(1, maxQueuedBytes / 4), maxQueuedBytes / 16);
    connection.attributes().put(STATE, server);
    if (connection.application().key().isEmpty()) {
      refuse(server, RejectedHubHandler.reason(hubName).replace("/client/", "/server/"));
    }
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    ServerConnection server = state(connection);
    if (server == null || connection.isClosed()) {
      return;
    }
    server.received();
    try {
      server.reader().read(data.nioBuffer(), message -> dispatch(server, message));
    } catch (ProtocolException e) {
      String reason = "Invalid service message: " + e.getMessage();
      log.warn("Closing {}: {}", server, reason);
      server.send(new ServiceErrorMessage(reason));
      connection.close(reason);
    }
  }

  private void dispatch(ServerConnection server, ServiceMessage message) {
    if (server.transport().isClosed()) {
      return;
    }
    if (!server.handshaken()) {
      handshake(server, message);
      return;
    }
    ServiceLifetimeManager hub = hubs.hub(server.hubKey(), server.hubName());
    if (message instanceof PingMessage ping) {
      ping(server, hub, ping);
    } else if (message instanceof ConnectionDataMessage m) {
      ClientSession client = server.client(m.connectionId());
      if (client != null && !client.isClosing()) {
        forward(client, m.payload());
      }
    } else if (message instanceof CloseConnectionMessage m) {
      // The server wrote the client's Close message itself; close once that is sent, and do not echo it.
      ClientSession client = server.forget(m.connectionId());
      if (client != null) {
        client.end(m.errorMessage().isEmpty() ? null : m.errorMessage());
      } else if (server.connectionType() == ServerConnectionType.WEAK.code()) {
        // the management SDK's persistent CloseConnection: any client of the hub, closed with a Close message
        hub.close(SendTarget.connection(m.connectionId()), m.errorMessage().isEmpty() ? null : m.errorMessage());
      }
    } else if (message instanceof ClientInvocationMessage m) {
      invoke(server, hub, m);
    } else if (message instanceof ClientCompletionMessage m) {
      toCaller(server, m.callerServerId(), m);
    } else if (message instanceof ErrorCompletionMessage m) {
      toCaller(server, m.callerServerId(), m);
    } else if (!ServerMessageApplier.apply(server, hub, message)) {
      log.debug("{} sent {} which the service ignores", server, message.getClass().getSimpleName());
    }
  }

  /**
   * A client result requested by hub code ({@code Clients.Client(id).InvokeAsync}): the invocation goes to the
   * client; its completion comes back as ConnectionData to the server that owns the client, which completes it
   * itself when it is the caller and otherwise sends a ClientCompletion that {@link #toCaller} routes.
   */
  private static void invoke(ServerConnection server, ServiceLifetimeManager hub, ClientInvocationMessage m) {
    hub.connectionExists(m.connectionId()).thenAccept(exists -> {
      if (!exists) {
        server.send(new ErrorCompletionMessage(m.invocationId(), m.connectionId(), m.callerServerId(),
            "Connection '" + m.connectionId() + "' does not exist."));
        return;
      }
      OutboundMessage invocation = OutboundMessage.preEncoded(m.payloads());
      hub.send(SendTarget.connection(m.connectionId()), invocation).whenComplete((r, e) -> invocation.release());
    });
  }

  /** Passes a client result to a connection of the server that asked for it, if it is still connected. */
  private void toCaller(ServerConnection from, String callerServerId, ServiceMessage completion) {
    for (ServerConnection s : registry.all(from.hubKey())) {
      if (s.serverId().equals(callerServerId) && !s.transport().isClosed()) {
        s.send(completion);
        return;
      }
    }
    log.debug("{} sent a client result for server '{}', which is not connected; dropped", from, callerServerId);
  }

  /**
   * Bytes the server sent a client. Its answer to the handshake comes first: until a whole answer (up to the
   * first {@code 0x1E}) has passed, the hub's sends to the client wait ({@link ClientSession#sendAnswerFromServer}),
   * and a binary protocol's frames turn binary only after it (the answer itself is JSON text).
   */
  private static void forward(ClientSession client, ByteBuffer payload) {
    if (client.awaitingServerAnswer()) {
      int end = -1;
      for (int i = payload.position(); i < payload.limit(); i++) {
        if (payload.get(i) == 0x1E) {
          end = i + 1;
          break;
        }
      }
      if (end < 0) {
        client.sendFromServer(Unpooled.wrappedBuffer(payload));
        return;
      }
      HubProtocol protocol = client.protocol();
      boolean binaryAfter = protocol != null
          && protocol.transferFormat() == dev.hubbub.protocol.hub.TransferFormat.BINARY
          && client.transport().transferFormat() == TransferFormat.TEXT;
      client.sendAnswerFromServer(Unpooled.wrappedBuffer(payload.duplicate().limit(end)), binaryAfter);
      payload.position(end);
    }
    if (payload.hasRemaining()) {
      client.sendFromServer(Unpooled.wrappedBuffer(payload));
    }
  }

  private void handshake(ServerConnection server, ServiceMessage message) {
    TransportConnection transport = server.transport();
    if (!(message instanceof HandshakeRequestMessage request)) {
      refuse(server, FIRST_NOT_HANDSHAKE + " Got message type " + message.type() + ".");
      return;
    }
    if (request.version() != ServiceProtocol.VERSION) {
      refuse(server, VERSION_MISMATCH);
      return;
    }
    ServerConnectionType type = request.knownConnectionType().orElse(null);
    if (type == null) {
      refuse(server, "Unknown server connection type " + request.connectionType() + ": use 0 (Default), "
          + "1 (OnDemand) or 2 (Weak).");
      return;
    }
    if (registry.mode() == ServiceMode.SERVERLESS && type != ServerConnectionType.WEAK) {
      refuse(server, SERVERLESS_REFUSED);
      return;
    }
    server.handshaken(type.code());
    server.send(new HandshakeResponseMessage("", MessageExtensions.NONE, transport.connectionId()));
    if (type != ServerConnectionType.WEAK) {
      registry.add(server);
    }
    log.info("App server '{}' connected to hub '{}' ({} connection {})", server.serverId(), server.hubName(), type,
        transport.connectionId());
    telemetry.trace(LiveTraceEvent.Kind.SERVER_CONNECTED, server.hubKey(), "serverId", server.serverId(),
        "connectionId", transport.connectionId(), "type", type.toString());
  }

  private void refuse(ServerConnection server, String error) {
    log.warn("Refused {}: {}", server, error);
    server.send(new HandshakeResponseMessage(error, MessageExtensions.NONE, null));
    server.transport().close(error);
  }

  private void ping(ServerConnection server, ServiceLifetimeManager hub, PingMessage ping) {
    if (ping.isKeepAlive()) {
      return;
    }
    if (ping.shutdownMode().isPresent()) {
      server.shutDown();
      server.send(PingMessage.finAck());
      log.info("{} is shutting down (fin:{}); no new clients are routed to it", server,
          ping.shutdownMode().getAsInt());
    } else if (ping.status().isPresent()) {
      int clients = hub.localConnectionCount();
      server.send(PingMessage.of(PingMessage.STATUS, clients > 0 ? "1" : "0", PingMessage.CLIENT_COUNT,
          Integer.toString(clients)));
    } else if (ping.servers().isPresent()) {
      StringJoiner ids = new StringJoiner(";");
      registry.all(server.hubKey()).stream().map(ServerConnection::serverId).distinct().forEach(ids::add);
      server.send(PingMessage.of(PingMessage.SERVERS, dotNetTicks() + ":" + ids));
    } else if (ping.echo().isPresent()) {
      server.send(PingMessage.echo(ping.echo().get()));
    }
    // #clientInHub/#client counts and anything else: informational
  }

  /** Now as .NET {@code DateTime.UtcNow.Ticks} (100 ns since 0001-01-01), the SDK's timestamp unit. */
  private static long dotNetTicks() {
    return System.currentTimeMillis() * 10_000L + 621_355_968_000_000_000L;
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    ServerConnection server = state(connection);
    if (server == null || connection.isClosed()) {
      return;
    }
    long now = System.nanoTime();
    if (now - server.lastReceivedNanos() > timeoutNanos) {
      long millis = Duration.ofNanos(timeoutNanos).toMillis();
      String reason = "The app server connection sent nothing for "
          + (millis % 1000 == 0 ? millis / 1000 + " s." : millis + " ms.");
      log.warn("Closing {}: {}", server, reason);
      connection.close(reason);
      return;
    }
    if (server.handshaken() && now - server.lastSentNanos() >= keepAliveNanos) {
      server.send(PingMessage.KEEP_ALIVE);
    }
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    ServerConnection server = state(connection);
    if (server == null) {
      return;
    }
    registry.remove(server);
    List<ClientSession> clients = List.copyOf(server.clients());
    for (ClientSession client : clients) {
      server.forget(client.connectionId());
      closeReconnectable(client);
    }
    if (server.handshaken()) {
      telemetry.trace(LiveTraceEvent.Kind.SERVER_DISCONNECTED, server.hubKey(), "serverId", server.serverId(),
          "clients", Integer.toString(clients.size()), "error", error == null ? null : error.getMessage());
      log.info("App server '{}' left hub '{}'{}; closed its {} client(s)", server.serverId(), server.hubName(),
          error == null ? "" : " (" + error.getMessage() + ")", clients.size());
    }
  }

  /** Closes a client whose server is gone, with a Close message that lets it reconnect. */
  static void closeReconnectable(ClientSession client) {
    client.close(SERVER_GONE, true);
  }
}
