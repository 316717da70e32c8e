package dev.hubbub.core;

import dev.hubbub.transport.Fanout;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportType;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionChannel} over a transport connection (WebSockets, Server-Sent Events, long polling). Open for
 * extension by a product that must shape what reaches its clients (the service holds a routed client's messages
 * until its app server answers the handshake); the transport is thread-safe, and so must a subclass be.
 */
public class TransportChannel implements SessionChannel {
  private final TransportConnection connection;

  public TransportChannel(TransportConnection connection) {
    this.connection = connection;
  }

  /** The transport connection underneath. */
  public final TransportConnection connection() {
    return connection;
  }

  @Override
  public boolean write(ByteBuf framed) {
    return connection.write(framed);
  }

  @Override
  public boolean write(ByteBuf framed, Fanout fanout) {
    return fanout.write(connection, framed);
  }

  @Override
  public long queuedBytes() {
    return connection.queuedBytes();
  }

  @Override
  public CompletionStage<Void> whenQueuedAtMost(long bytes) {
    return connection.whenQueuedAtMost(bytes);
  }

  @Override
  public @Nullable String remoteIp() {
    return connection.request().remoteIp();
  }

  @Override
  public void close(@Nullable String reason) {
    connection.close(reason);
  }

  @Override
  public boolean supportsBinary() {
    return connection.transport() != TransportType.SERVER_SENT_EVENTS;
  }

  @Override
  public boolean statefulReconnect() {
    return connection.statefulReconnect();
  }

  @Override
  public boolean keepAlive() {
    return connection.transport() != TransportType.LONG_POLLING;
  }

  @Override
  public void handshakeDone(boolean binary) {
    connection.setTransferFormat(binary ? TransferFormat.BINARY : TransferFormat.TEXT);
  }

  @Override
  public String toString() {
    return "TransportChannel[" + connection.connectionId() + ", " + connection.transport() + "]";
  }
}
