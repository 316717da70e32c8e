package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * An operation could not complete because the connection is not connected or closed while it waited: an
 * invocation whose connection was lost, a send while reconnecting, a wait for a message after the client
 * closed for good.
 */
public class ConnectionClosedException extends HubClientException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String serverError;

  /**
   * A closed-connection failure.
   *
   * @param message what could not be done and why
   * @param serverError the {@code error} of the server's Close message, if the server closed with one
   * @param cause why the connection closed, if known
   */
  public ConnectionClosedException(String message, @Nullable String serverError, @Nullable Throwable cause) {
    super(message, cause);
    this.serverError = serverError;
  }

  /** The error text of the server's Close message, or null (closed without one, or without an error). */
  public @Nullable String serverError() {
    return serverError;
  }
}
