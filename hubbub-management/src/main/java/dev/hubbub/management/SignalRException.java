package dev.hubbub.management;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A management call failed. The message names the operation, the HTTP method and route, the status and
 * the service's {@code x-ms-error-code} when there was a response; it never contains the access token.
 * Subclasses say what kind of failure it was.
 */
public class SignalRException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final @Nullable String errorCode;
  private final @Nullable String method;
  private final @Nullable String route;

  /**
   * A failure of one call.
   *
   * @param message what failed and what to do
   * @param statusCode the HTTP status, 0 when no response arrived
   * @param errorCode the service's {@code x-ms-error-code}, or null
   * @param method the HTTP method, or null when no request was made
   * @param route the request path with its query (no token), or null when no request was made
   * @param cause the underlying failure, or null
   */
  public SignalRException(String message, int statusCode, @Nullable String errorCode, @Nullable String method,
      @Nullable String route, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.method = method;
    this.route = route;
  }

  /** The HTTP status of the response; 0 when no response arrived (connection refused, timeout). */
  public int statusCode() {
    return statusCode;
  }

  /** The {@code x-ms-error-code} header of the response, such as {@code Warning.Connection.NotExisted}. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The HTTP method of the failed request. */
  public Optional<String> method() {
    return Optional.ofNullable(method);
  }

  /** The path and query of the failed request, e.g. {@code /api/hubs/chat/:send?api-version=2022-06-01}. */
  public Optional<String> route() {
    return Optional.ofNullable(route);
  }
}
