package dev.hubbub.transport;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * The application side of the transport (the hub layer). One handler serves all connections of a
 * {@link TransportApplication}.
 *
 * <p><b>Threading.</b> Every callback runs on the connection's {@link TransportConnection#eventLoop()},
 * one at a time per connection, and must return quickly without blocking: a handler that runs user
 * code (hub methods) or blocking I/O hands it to its own executor. An exception thrown by a callback
 * aborts the connection (WebSocket close 1011) and is logged.
 *
 * <p><b>Order.</b> {@code onConnected}, then any number of {@code onData}/{@code onHeartbeat}, and for a
 * stateful-reconnect WebSocket any number of {@code onDisconnected}/{@code onReconnected} pairs, then
 * exactly one {@code onClosed}.
 */
public interface ConnectionHandler {

  /**
   * The transport started: the WebSocket handshake completed, the SSE stream opened, or the first
   * long poll arrived. The connection can be written from now on. The request's headers are readable only
   * during this call (see {@link TransportConnection#request()}).
   */
  void onConnected(TransportConnection connection);

  /**
   * Bytes from the client, exactly as they arrived: one WebSocket message or one POST body. They are
   * not split into hub messages and may end in the middle of one. The buffer is released after the
   * call returns: read it (or copy/retain it) within the call.
   */
  void onData(TransportConnection connection, ByteBuf data);

  /**
   * The connection ended: client close, server {@code close}/{@code abort}, network error, long-poll
   * or reconnect timeout, or slow consumer. {@code error} is null for a normal end; a
   * {@link SlowConsumerException} when the outbound bound was hit. Writes fail from now on.
   */
  void onClosed(TransportConnection connection, @Nullable Throwable error);

  /**
   * A stateful-reconnect WebSocket dropped; the connection stays alive for the disconnect timeout
   * waiting for the client to come back. Writes are accepted and discarded meanwhile: the hub layer's
   * own stateful-reconnect buffer replays them.
   */
  default void onDisconnected(TransportConnection connection) {
  }

  /** A stateful-reconnect client came back on a new WebSocket with the same token. */
  default void onReconnected(TransportConnection connection) {
  }

  /**
   * Called about once per {@link TransportOptions#heartbeatInterval()} for each started connection,
   * from one shared sweep per event loop (no timer per connection). For keep-alive pings and
   * handshake timeouts.
   */
  default void onHeartbeat(TransportConnection connection) {
  }
}
