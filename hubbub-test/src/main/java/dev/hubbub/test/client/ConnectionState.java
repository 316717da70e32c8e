package dev.hubbub.test.client;

/** Where a {@link HubTestClient} is in its life, as the official clients' {@code HubConnectionState}. */
public enum ConnectionState {
  /** Not started, stopped, or closed for good. */
  DISCONNECTED,
  /** {@code start()} is negotiating, connecting or shaking hands. */
  CONNECTING,
  /** Connected: invocations and sends go out. */
  CONNECTED,
  /** The connection was lost and automatic reconnect is trying again. */
  RECONNECTING,
  /** {@code stop()} is closing the connection. */
  DISCONNECTING
}
