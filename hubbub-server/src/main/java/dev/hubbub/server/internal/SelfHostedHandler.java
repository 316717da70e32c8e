package dev.hubbub.server.internal;

import dev.hubbub.core.CloseReasons;
import dev.hubbub.core.HubSessionHandler;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.core.TransportChannel;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-hosted hub endpoint on the transport SPI: each transport connection becomes a {@link HubConnection}
 * that the hub layer ({@link HubSessionHandler}) drives, with the hub's {@link HubDispatcher} as its endpoint.
 * Runs on the connections' event loops and never blocks.
 */
public final class SelfHostedHandler implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.connections");
  private static final String SESSION = HubConnection.class.getName();

  private final HubDispatcher dispatcher;
  private final String path;
  private final HubSessionHandler<HubConnection> sessions;
  private volatile boolean stopping;

  public SelfHostedHandler(String path, HubDispatcher dispatcher, HubSessionOptions options) {
    this.path = path;
    this.dispatcher = dispatcher;
    this.sessions = new HubSessionHandler<>(options, dispatcher, log);
  }

  private static @Nullable HubConnection session(TransportConnection connection) {
    return (HubConnection) connection.attributes().get(SESSION);
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
    HubConnection session = new HubConnection(new TransportChannel(connection), connection.connectionId(),
        connection.user().id(), connection.user().claims(), path);
    connection.attributes().put(SESSION, session);
    if (stopping) {
      session.end(CloseReasons.SHUTTING_DOWN);
    }
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    HubConnection session = session(connection);
    if (session != null) {
      sessions.onData(session, data.nioBuffer());
    }
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    HubConnection session = session(connection);
    if (session != null) {
      sessions.onHeartbeat(session, System.nanoTime());
    }
  }

  @Override
  public void onDisconnected(TransportConnection connection) {
    HubConnection session = session(connection);
    if (session != null) {
      sessions.onDisconnected(session);
    }
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    HubConnection session = session(connection);
    if (session != null) {
      sessions.onReconnected(session);
    }
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    HubConnection session = session(connection);
    if (session != null) {
      sessions.onClosed(session, error);
    }
  }
}
