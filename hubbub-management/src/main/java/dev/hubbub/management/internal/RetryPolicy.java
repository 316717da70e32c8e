package dev.hubbub.management.internal;

import java.time.Duration;

/**
 * When a REST call is repeated. A request that never left (connection refused, connect timeout) is repeated
 * whatever its method; an idempotent request is also repeated after a timeout, a reset, or a 408, 429 or
 * 5xx answer. Sends ({@code POST}) are not repeated after the service may have acted on them, so a message
 * is never delivered twice by a retry.
 *
 * @param maxRetries extra attempts after the first; 0 turns retries off
 * @param delay the fixed wait between attempts
 */
public record RetryPolicy(int maxRetries, Duration delay) {
  /** No retries, as the official SDK by default. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO);

  /** Validates the values. */
  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more: " + maxRetries);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
  }

  /** Whether a response with {@code status} to an idempotent request is worth another attempt. */
  static boolean isRetriableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }
}
