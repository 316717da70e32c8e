package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRException;
import dev.hubbub.management.SignalRInvalidArgumentException;
import dev.hubbub.management.SignalRNotFoundException;
import dev.hubbub.management.SignalRServiceException;
import dev.hubbub.management.SignalRUnauthorizedException;

/**
 * Turns a REST answer into a result or a typed exception, as the official SDK does: 2xx succeeds; a 404
 * succeeds only with the error code the operation tolerates; otherwise 400, 401/403, 404 and the rest each
 * map to their own exception.
 */
final class RestErrors {
  private static final int MAX_BODY_IN_MESSAGE = 512;

  private RestErrors() {}

  /**
   * Whether the call succeeded ({@code true}) or got the tolerated 404 ({@code false}).
   *
   * @throws SignalRException for any other answer
   */
  static boolean check(RestRequest request, RestResponse response) {
    if (response.isSuccess()) {
      return true;
    }
    if (response.status() == 404 && request.tolerated404() != null
        && request.tolerated404().equalsIgnoreCase(response.errorCode())) {
      return false;
    }
    throw toException(request, response);
  }

  static SignalRException toException(RestRequest request, RestResponse response) {
    int status = response.status();
    String hint = switch (status) {
      case 400 -> " The service rejected the request as invalid.";
      case 401, 403 -> " The service refused the access token: check that the AccessKey in the connection string"
          + " is the service's.";
      case 404 -> " The service does not know this route: check the endpoint in the connection string (it must be"
          + " the SignalR service's base URL).";
      default -> "";
    };
    String message = request.operation() + ": " + request.method() + " " + request.pathAndQuery() + " answered "
        + status + (response.errorCode() == null ? "" : " (x-ms-error-code: " + response.errorCode() + ")") + "."
        + hint + detail(response.body());
    String method = request.method();
    String route = request.pathAndQuery();
    return switch (status) {
      case 400 -> new SignalRInvalidArgumentException(message, status, response.errorCode(), method, route, null);
      case 401, 403 -> new SignalRUnauthorizedException(message, status, response.errorCode(), method, route, null);
      case 404 -> new SignalRNotFoundException(message, status, response.errorCode(), method, route, null);
      default -> new SignalRServiceException(message, status, response.errorCode(), method, route, null);
    };
  }

  private static String detail(String body) {
    String b = body.strip();
    if (b.isEmpty()) {
      return "";
    }
    return " Response: " + (b.length() > MAX_BODY_IN_MESSAGE ? b.substring(0, MAX_BODY_IN_MESSAGE) + "..." : b);
  }
}
