package dev.hubbub.spring.boot.internal.servlet;

import org.jspecify.annotations.Nullable;

/** The transport half of a {@link BridgeConnection}. Confined to the connection's loop. */
interface BridgeSink {

  /** Sends what is queued, if the transport can take it now. */
  void flush();

  /** Sends what is queued, then ends the transport; calls {@link BridgeConnection#terminated} when done. */
  void close(@Nullable String reason);

  /** Ends the transport at once (slow consumer, server error). */
  void abort(Throwable error);

  /** About once a second: the transport's own timeouts. */
  default void tick(long now) {
  }
}
