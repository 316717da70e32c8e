package dev.hubbub.core;

import dev.hubbub.transport.RateLimits;
import dev.hubbub.transport.RateWindow;
import org.jspecify.annotations.Nullable;

/**
 * Invocations per second, per connection and per client IP address, counted in one-second windows: the
 * throttling Azure SignalR's Application Firewall applies, off unless a limit is set. A connection past either limit
 * is closed with a reason naming it ({@link CloseReasons#invocationRateExceeded}). Thread-safe.
 */
final class InvocationRateLimiter {
  private final int perConnection;
  private final RateLimits perAddress;

  /** @param perConnection 0 for no limit @param perAddress 0 for no limit */
  InvocationRateLimiter(int perConnection, int perAddress) {
    this.perConnection = perConnection;
    this.perAddress = new RateLimits(perAddress);
  }

  boolean enabled() {
    return perConnection > 0 || perAddress.limit() > 0;
  }

  /**
   * Counts one invocation of a connection from {@code address} (null when unknown: only the connection's limit
   * applies).
   *
   * @return null when admitted, else the close reason
   */
  @Nullable String admit(RateWindow connection, @Nullable String address, long now) {
    if (perConnection > 0 && !connection.admit(now, perConnection)) {
      return CloseReasons.invocationRateExceeded(perConnection, "this connection", "maxInvocationsPerSecond");
    }
    if (address != null && !perAddress.admit(address, now)) {
      return CloseReasons.invocationRateExceeded(perAddress.limit(), "address " + address,
          "maxInvocationsPerSecondPerIp");
    }
    return null;
  }
}
