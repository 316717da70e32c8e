package dev.hubbub.core;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The hub layer on the transport: each transport connection gets a session when it starts, and every transport
 * event of it goes to the {@link HubSessionHandler}. Products make the session ({@link #newSession}) and may
 * step in before the hub layer (the service forwards the bytes of clients it routed to an app server).
 *
 * @param <S> the product's session type
 */
public abstract class TransportSessionHandler<S extends HubSession> implements ConnectionHandler {
  private final Class<S> type;
  /** The hub layer these connections run on. */
  protected final HubSessionHandler<S> sessions;

  /**
   * @param type the session type, to read it back from the connection's attachment
   * @param sessions the hub layer
   */
  protected TransportSessionHandler(Class<S> type, HubSessionHandler<S> sessions) {
    this.type = type;
    this.sessions = sessions;
  }

  /** Makes the session of a connection whose transport just started; its headers are readable now. */
  protected abstract S newSession(TransportConnection connection);

  /** The session of a connection of this handler, or null. */
  public final @Nullable S session(TransportConnection connection) {
    Object s = connection.attachment();
    return type.isInstance(s) ? type.cast(s) : null;
  }

  @Override
  public void onConnected(TransportConnection connection) {
    connection.attach(newSession(connection));
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    S session = session(connection);
    if (session != null) {
      sessions.onData(session, data.nioBuffer());
    }
  }

  @Override
  public void onHeartbeat(TransportConnection connection) {
    S session = session(connection);
    if (session != null) {
      sessions.onHeartbeat(session, System.nanoTime());
    }
  }

  @Override
  public void onDisconnected(TransportConnection connection) {
    S session = session(connection);
    if (session != null) {
      sessions.onDisconnected(session);
    }
  }

  @Override
  public void onReconnected(TransportConnection connection) {
    S session = session(connection);
    if (session != null) {
      sessions.onReconnected(session);
    }
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    S session = session(connection);
    if (session != null) {
      sessions.onClosed(session, error);
    }
  }
}
