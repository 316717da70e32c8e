package dev.hubbub.test.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When to try again after the connection was lost, as the official clients' {@code IRetryPolicy}: asked before
 * each attempt, it answers a delay, or null to give up (the client then closes for good).
 */
@FunctionalInterface
public interface ReconnectPolicy {

  /**
   * The delay before the next attempt, or null to stop reconnecting.
   *
   * @param context how many attempts were made, for how long, and why the last one (or the connection) failed
   */
  @Nullable Duration nextRetryDelay(RetryContext context);

  /**
   * What a policy decides on.
   *
   * @param previousRetryCount attempts made so far (0 before the first)
   * @param elapsed time since the connection was lost
   * @param retryReason why the connection was lost or the last attempt failed
   */
  record RetryContext(long previousRetryCount, Duration elapsed, @Nullable Throwable retryReason) {}

  /** The official clients' default: attempts after 0, 2, 10 and 30 seconds, then none. */
  static ReconnectPolicy defaultPolicy() {
    return delays(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** One attempt per delay, in order, then none. */
  static ReconnectPolicy delays(Duration... delays) {
    List<Duration> list = List.of(delays);
    for (Duration d : list) {
      Objects.requireNonNull(d, "delay");
      if (d.isNegative()) {
        throw new IllegalArgumentException("Reconnect delays must not be negative: " + d);
      }
    }
    return new ReconnectPolicy() {
      @Override
      public @Nullable Duration nextRetryDelay(RetryContext context) {
        return context.previousRetryCount() < list.size() ? list.get((int) context.previousRetryCount()) : null;
      }

      @Override
      public String toString() {
        return "delays" + list;
      }
    };
  }
}
