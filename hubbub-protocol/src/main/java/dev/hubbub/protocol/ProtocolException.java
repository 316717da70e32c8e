package dev.hubbub.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Bad input on the wire: a malformed, truncated, oversized or otherwise unacceptable message.
 *
 * <p>Every decoder in Hubbub reports bad input with this type (or a subclass), never with an unchecked
 * exception. The message names what was wrong in words a person can act on, and {@link #httpStatus()}
 * carries the outcome to send back when the input arrived over HTTP (the hub protocol sends the message
 * text in a {@code Close} message instead).
 */
public class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  /** Bad input answered with HTTP 400. */
  public ProtocolException(String message) {
    this(message, 400, null);
  }

  /** Bad input answered with HTTP 400, caused by {@code cause} (for example a JSON parser error). */
  public ProtocolException(String message, Throwable cause) {
    this(message, 400, cause);
  }

  protected ProtocolException(String message, int httpStatus, @Nullable Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** The message naming the bad input; never null. */
  @Override
  public String getMessage() {
    String message = super.getMessage();
    return message == null ? "" : message;
  }

  /** The HTTP status that reports this error when the input came in an HTTP request. */
  public int httpStatus() {
    return httpStatus;
  }
}
