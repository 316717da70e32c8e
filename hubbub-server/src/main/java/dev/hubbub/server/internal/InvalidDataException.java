package dev.hubbub.server.internal;

/**
 * Arguments that do not fit the hub method. Named after the .NET type so error texts built with the
 * {@code "{message} {ExceptionType}: {detail}"} pattern read as ASP.NET Core's do.
 */
final class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidDataException(String message) {
    super(message, null, false, false);
  }
}
