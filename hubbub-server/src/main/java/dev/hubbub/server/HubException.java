package dev.hubbub.server;

/**
 * An error whose message is meant for the client: thrown by a hub method, its message reaches the caller
 * even when {@link HubOptions#enableDetailedErrors()} is off. Also how a client-to-server stream that the
 * client ended with an error, or a client result that failed, shows up in hub code.
 */
public class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message for the client. */
  public HubException(String message) {
    super(message);
  }

  /** An error with a message for the client and a cause that stays on the server. */
  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
