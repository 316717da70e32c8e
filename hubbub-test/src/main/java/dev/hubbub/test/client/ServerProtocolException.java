package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * The server broke the hub protocol after the handshake: a malformed or oversized message, a frame that ends
 * inside a message, a stateful-reconnect sequence id it cannot have. The connection is closed with this error.
 */
public class ServerProtocolException extends HubClientException {
  private static final long serialVersionUID = 1L;

  /** A protocol violation described by {@code message}, caused by {@code cause}. */
  public ServerProtocolException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
