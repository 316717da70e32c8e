package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * Something went wrong between a {@link HubTestClient} and the server. Unchecked, as test code rarely recovers;
 * the subclasses say which step failed. Messages name the step, the URL (never an access token) and what the
 * server did.
 */
public class HubClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public HubClientException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public HubClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
