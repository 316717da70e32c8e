package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * A transport could not be started or failed: a WebSocket upgrade refused, an event stream or poll answered
 * with an error status, a send answered with an error, a frame over the size limit, a socket that closed
 * with an error code.
 */
public class TransportException extends HubClientException {
  private static final long serialVersionUID = 1L;

  /** A transport failure described by {@code message}. */
  public TransportException(String message) {
    super(message);
  }

  /** A transport failure described by {@code message}, caused by {@code cause}. */
  public TransportException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
