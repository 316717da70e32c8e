package dev.hubbub.management;

import org.jspecify.annotations.Nullable;

/** No response arrived: the connection was refused or reset, or the request timed out. The status code is 0. */
public class SignalRConnectionException extends SignalRException {
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
  public SignalRConnectionException(String message, int statusCode, @Nullable String errorCode, @Nullable String method,
      @Nullable String route, @Nullable Throwable cause) {
    super(message, statusCode, errorCode, method, route, cause);
  }
}
