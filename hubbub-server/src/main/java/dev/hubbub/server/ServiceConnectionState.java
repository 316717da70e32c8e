package dev.hubbub.server;

/** The state of one WebSocket from the hub server to the SignalR service. */
public enum ServiceConnectionState {
  /** Dialing, or waiting for the service's handshake response. */
  CONNECTING,
  /** Handshake done: clients can be routed over it. */
  CONNECTED,
  /** Lost or failed; a reconnect is scheduled. */
  DISCONNECTED,
  /** Stopped for good (server closing, or the service refused the handshake). */
  STOPPED
}
