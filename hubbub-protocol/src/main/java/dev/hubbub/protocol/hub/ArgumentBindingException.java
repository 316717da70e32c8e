package dev.hubbub.protocol.hub;

import dev.hubbub.protocol.ProtocolException;

/** Arguments (or a result or stream item) that cannot be converted to the Java types a method expects. */
public final class ArgumentBindingException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** A binding failure described by {@code message}. */
  public ArgumentBindingException(String message) {
    super(message);
  }

  /** A binding failure described by {@code message}, caused by a Jackson error. */
  public ArgumentBindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
