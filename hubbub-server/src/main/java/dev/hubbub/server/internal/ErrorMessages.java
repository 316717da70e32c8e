package dev.hubbub.server.internal;

import dev.hubbub.server.HubException;

/** The error texts clients see, as ASP.NET Core words them. */
final class ErrorMessages {
  private ErrorMessages() {}

  /** {@code "{message} {ExceptionType}: {exception message}"} when detailed or a HubException, else {@code message}. */
  static String build(String message, Throwable error, boolean detailed) {
    if (error instanceof HubException || detailed) {
      return message + " " + error.getClass().getSimpleName() + ": " + error.getMessage();
    }
    return message;
  }

  /**
   * What a client reads when hub code threw: a {@link HubException} as ASP.NET Core shows it
   * ({@code "{message} HubException: {its message}"}); another exception's message when detailed errors are on,
   * after its Java type name only when {@code typeNames} asks for it; else {@code message} alone.
   */
  static String fromHubCode(String message, Throwable error, boolean detailed, boolean typeNames) {
    if (error instanceof HubException) {
      return message + " HubException: " + error.getMessage();
    }
    if (!detailed) {
      return message;
    }
    return message + " " + (typeNames ? error.getClass().getSimpleName() + ": " : "") + error.getMessage();
  }

  static String failedToInvoke(String target) {
    return "Failed to invoke '" + target + "' due to an error on the server.";
  }

  static String unexpectedError(String target) {
    return "An unexpected error occurred invoking '" + target + "' on the server.";
  }

  static String streamingFailed() {
    return "An error occurred on the server while streaming results.";
  }

  static final String METHOD_DOES_NOT_EXIST = "Method does not exist.";
  static final String BINDING_FAILED = "Error binding arguments. Make sure that the types of the provided values "
      + "match the types of the hub method being invoked.";
}
