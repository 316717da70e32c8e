package dev.hubbub.protocol.connection;

/**
 * A connection string that cannot be used. This is a configuration error, not bad wire input, so it is
 * unchecked. The message names the offending key or value and never contains the access key or client
 * secret.
 */
public final class InvalidConnectionStringException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A connection string error with the given message (which must not contain secrets). */
  public InvalidConnectionStringException(String message) {
    super(message);
  }
}
