package dev.hubbub.serviceconnection;

/** The state of one service connection. */
public enum ServiceConnectionStatus {
  /** Dialing, or waiting for the service's handshake response. */
  CONNECTING,
  /** Handshake done: messages can be sent. */
  CONNECTED,
  /** Lost or failed; a redial is scheduled. */
  DISCONNECTED,
  /** Stopped for good (closed by its owner, or the service refused the handshake). */
  STOPPED
}
