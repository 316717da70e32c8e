package dev.hubbub.test.client;

/**
 * The server completed an invocation or stream with an error, for example
 * {@code An unexpected error occurred invoking 'Send' on the server. HubException: not allowed}.
 */
public class HubInvocationException extends HubClientException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String serverError;

  /**
   * An invocation error.
   *
   * @param target the hub method that was invoked
   * @param serverError the Completion's {@code error}, exactly as the server sent it
   */
  public HubInvocationException(String target, String serverError) {
    super("Invocation of '" + target + "' failed on the server: " + serverError);
    this.target = target;
    this.serverError = serverError;
  }

  /** The hub method that was invoked. */
  public String target() {
    return target;
  }

  /** The error text exactly as the server sent it (what the official clients put in their error). */
  public String serverError() {
    return serverError;
  }
}
