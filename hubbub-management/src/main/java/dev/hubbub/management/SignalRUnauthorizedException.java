package dev.hubbub.management;

import org.jspecify.annotations.Nullable;

/** The service refused the access token (HTTP 401 or 403): the access key does not match the service's, or the token is not allowed this operation. */
public class SignalRUnauthorizedException extends SignalRException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure of one call; see {@link SignalRException#SignalRException(String, int, String, String, String,
   * Throwable)}.
   *
   * @param message what failed and what to do
   * @param statusCode the HTTP status, 0 when no response arrived
   * @param errorCode the service's {@code x-ms-error-code}, or null
   * @param method the HTTP method, or null
   * @param route the request path with its query, or null
   * @param cause the underlying failure, or null
   */
  public SignalRUnauthorizedException(String message, int statusCode, @Nullable String errorCode, @Nullable String method,
      @Nullable String route, @Nullable Throwable cause) {
    super(message, statusCode, errorCode, method, route, cause);
  }
}
