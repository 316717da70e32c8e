package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * The hub protocol handshake failed: the server answered {@code {"error":...}}, answered something that is not
 * a handshake response, or did not answer within the handshake timeout.
 */
public class HandshakeException extends HubClientException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String serverError;

  /**
   * A handshake failure.
   *
   * @param message what happened
   * @param serverError the server's {@code error} text when it refused the handshake, else null
   * @param cause the underlying failure, if any
   */
  public HandshakeException(String message, @Nullable String serverError, @Nullable Throwable cause) {
    super(message, cause);
    this.serverError = serverError;
  }

  /** The server's {@code error} text, for example {@code The protocol 'xml' is not supported.}, or null. */
  public @Nullable String serverError() {
    return serverError;
  }
}
