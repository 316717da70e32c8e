package dev.hubbub.service.internal.rest;

import org.jspecify.annotations.Nullable;

/**
 * A REST request that fails with a status, an {@code x-ms-error-code} (the management SDK decides by it
 * whether a 404 is an error) and a message for the error body.
 */
public final class RestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code x-ms-error-code} for a request that breaks a documented rule (bad name, missing body). */
  public static final String INVALID_REQUEST = "Error.Request.Invalid";

  private final int status;
  private final @Nullable String errorCode;

  public RestException(int status, @Nullable String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** A 400 naming the broken rule. */
  public static RestException badRequest(String message) {
    return new RestException(400, INVALID_REQUEST, message);
  }

  /** A 404 with one of the documented codes such as {@code Warning.Connection.NotExisted}. */
  public static RestException notFound(String errorCode, String message) {
    return new RestException(404, errorCode, message);
  }

  public int status() {
    return status;
  }

  public @Nullable String errorCode() {
    return errorCode;
  }
}
