package dev.hubbub.test.client;

/** A blocking call ({@code invoke}, {@code start}, {@code stop}) did not finish within its timeout. */
public class HubTimeoutException extends HubClientException {
  private static final long serialVersionUID = 1L;

  /** A timeout described by {@code message}, which names the operation and the limit. */
  public HubTimeoutException(String message) {
    super(message);
  }
}
