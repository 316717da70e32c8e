package dev.hubbub.core.spi;

/**
 * A client result that will not come: the connection does not exist, is closed, or left before it answered.
 * The message names the connection and says which.
 */
public final class ClientResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientResultException(String message) {
    super(message, null, false, false);
  }
}
