package dev.hubbub.transport;

/**
 * How outbound payloads are framed: WebSocket text or binary frames. JSON hub protocol uses
 * {@link #TEXT}, MessagePack {@link #BINARY}. Server-Sent Events carry text only.
 */
public enum TransferFormat {
  /** UTF-8 text (WebSocket text frames). */
  TEXT,
  /** Arbitrary bytes (WebSocket binary frames). */
  BINARY
}
