package dev.hubbub.protocol.hub;

/** The kind of transport frames a hub protocol needs: WebSocket text or binary frames. */
public enum TransferFormat {
  /** UTF-8 text: the JSON protocol (and every handshake). */
  TEXT,
  /** Arbitrary bytes: the MessagePack protocol. */
  BINARY
}
