package dev.hubbub.server.internal;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Where a hub connection's outgoing bytes go. The self-hosted server writes to its transport connection;
 * a server hosted behind the SignalR service will wrap them in service-protocol messages. The dispatcher
 * only ever talks to this, so it does not care how a connection arrived. Thread-safe.
 */
public interface ConnectionSink {

  /**
   * Queues one framed hub message (or several) for the client. The caller keeps ownership of
   * {@code framed}.
   *
   * @param trackable whether the message counts for stateful reconnect (invocations, stream items,
   *     completions)
   * @return false when the connection is gone
   */
  boolean send(ByteBuf framed, boolean trackable);

  /** Sends a Close message ({@code error} may be null) and ends the connection; idempotent. */
  void close(@Nullable String error, boolean allowReconnect);
}
