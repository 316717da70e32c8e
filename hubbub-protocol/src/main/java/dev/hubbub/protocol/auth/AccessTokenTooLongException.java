package dev.hubbub.protocol.auth;

/** A token would exceed the 4096 characters the service accepts; carry fewer or shorter claims. */
public final class AccessTokenTooLongException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The SDK's message: {@code AccessToken must not be longer than 4K.} */
  public AccessTokenTooLongException() {
    super("AccessToken must not be longer than 4K.");
  }
}
