package dev.hubbub.protocol.auth;

import dev.hubbub.protocol.ProtocolException;

/** A token that failed verification (malformed, wrong algorithm, bad signature, expired, wrong audience): HTTP 401. */
public final class InvalidAccessTokenException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** A failed check, named in {@code message}. */
  public InvalidAccessTokenException(String message) {
    super(message, 401, null);
  }

  /** A failed check caused by a parser or crypto error. */
  public InvalidAccessTokenException(String message, Throwable cause) {
    super(message, 401, cause);
  }
}
