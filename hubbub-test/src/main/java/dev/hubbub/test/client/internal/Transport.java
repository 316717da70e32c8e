package dev.hubbub.test.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One physical connection of a SignalR transport: WebSockets, Server-Sent Events + POST, or long polling + POST.
 * Frames arrive at the {@link TransportListener} given at construction, one call per WebSocket message, event or
 * poll response, in order; {@link TransportListener#onClosed} is called exactly once.
 */
public interface Transport {
  /**
   * Opens the transport. The future completes when data can be sent, and fails with a
   * {@link dev.hubbub.test.client.TransportException} saying what the server answered.
   */
  CompletableFuture<Void> connect();

  /**
   * Queues {@code data} (whole hub messages, or the handshake) for sending, in order. The future completes when
   * it was written (WebSockets) or the server accepted the POST.
   *
   * @param text whether it goes in a text frame (JSON, and every handshake) rather than a binary one
   */
  CompletableFuture<Void> send(byte[] data, boolean text);

  /** Closes gracefully (close frame, DELETE, end of the event stream), giving up after {@code timeout}. */
  void stop(Duration timeout);

  /** Drops the connection at once, as a network failure would; {@code onClosed(reason)} follows. */
  void abort(Throwable reason);
}
