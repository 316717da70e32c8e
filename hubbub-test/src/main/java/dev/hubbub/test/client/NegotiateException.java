package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * Negotiation failed: the server answered an HTTP error, an {@code {"error":...}} body, something that is not a
 * negotiate response, or more than 100 redirects; or it could not be reached.
 */
public class NegotiateException extends HubClientException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final @Nullable String serverError;

  /**
   * A negotiate failure.
   *
   * @param message what happened, naming the URL
   * @param statusCode the HTTP status, or 0 when there was no response
   * @param serverError the {@code error} of an {@code {"error":...}} answer, else null
   * @param cause the underlying failure, if any
   */
  public NegotiateException(String message, int statusCode, @Nullable String serverError,
      @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.serverError = serverError;
  }

  /** The HTTP status of the failed answer, or 0 when there was none (refused, timed out, not 200 is not 0). */
  public int statusCode() {
    return statusCode;
  }

  /** The server's {@code error} text when it answered {@code {"error":...}}, else null. */
  public @Nullable String serverError() {
    return serverError;
  }
}
