package dev.hubbub.transport.internal;

import org.jspecify.annotations.Nullable;

/**
 * The transport-specific half of a connection: how queued payloads reach the client and how the
 * connection ends. Every method runs on the connection's event loop.
 */
interface TransportSink {

  /** Writes what {@link ConnectionImpl#pollOutbound()} yields, then flushes once. */
  void flush();

  /** Ends gracefully after the queue is flushed; eventually calls {@link ConnectionImpl#terminated}. */
  void close(@Nullable String reason);

  /** Ends at once with an error; eventually calls {@link ConnectionImpl#terminated}. */
  void abort(Throwable error);

  /** Enforces this transport's timeouts at a sweep. */
  void tick(long nowNanos);

  /**
   * Stops (or resumes) reading the client's messages where the transport can: a WebSocket stops reading its
   * socket. HTTP transports do nothing here; their sends are held by {@link ConnectionEndpoint}.
   */
  default void readingPaused(boolean paused) {}
}
