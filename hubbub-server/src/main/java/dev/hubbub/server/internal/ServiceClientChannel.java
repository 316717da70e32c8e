package dev.hubbub.server.internal;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.serviceconnection.ServiceConnection;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A client multiplexed over a service connection (its carrier): what the hub layer writes goes out as
 * {@code ConnectionData}, and closing sends {@code CloseConnection} so that the service closes the client's
 * transport. Thread-safe.
 */
final class ServiceClientChannel implements SessionChannel {
  private final ServiceConnection carrier;
  private final String connectionId;
  private final boolean migrated;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param migrated the client moved here from another app server (header {@code Asrs-Migrate-From}): its
   *     handshake was answered there
   * @param onClose runs once when the channel closes from this side
   */
  ServiceClientChannel(ServiceConnection carrier, String connectionId, boolean migrated, Runnable onClose) {
    this.carrier = carrier;
    this.connectionId = connectionId;
    this.migrated = migrated;
    this.onClose = onClose;
  }

  ServiceConnection carrier() {
    return carrier;
  }

  boolean migrated() {
    return migrated;
  }

  /** Marks the channel closed without telling the service (the service closed the client, or the link dropped). */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  @Override
  public boolean write(ByteBuf framed) {
    return !closed.get() && carrier.send(new ConnectionDataMessage(connectionId, framed.nioBuffer()));
  }

  @Override
  public void close(@Nullable String reason) {
    if (markClosed()) {
      carrier.send(new CloseConnectionMessage(connectionId, reason == null ? "" : reason, Map.of(),
          MessageExtensions.NONE));
      onClose.run();
    }
  }

  @Override
  public boolean supportsBinary() {
    return true;
  }

  @Override
  public boolean statefulReconnect() {
    return false; // the service keeps no replay buffer for clients it routes to app servers
  }

  @Override
  public boolean keepAlive() {
    return true;
  }

  @Override
  public void handshakeDone(boolean binary) {
    // the service switches the client's frames when the handshake answer passes
  }

  @Override
  public String toString() {
    return "ServiceClientChannel[" + connectionId + " over " + carrier + "]";
  }
}
