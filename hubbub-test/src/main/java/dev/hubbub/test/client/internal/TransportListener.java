package dev.hubbub.test.client.internal;

import org.jspecify.annotations.Nullable;

/** Receives what a {@link Transport} reads. Calls come one at a time, in order, on the transport's threads. */
public interface TransportListener {
  /** One WebSocket message, Server-Sent Event or long-poll response body. */
  void onFrame(byte[] frame);

  /** The transport closed: normally (null) or with an error. Called once. */
  void onClosed(@Nullable Throwable error);
}
