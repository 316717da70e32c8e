package dev.hubbub.transport;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateWindow} per key (a client IP address), for a per-key limit per second. Memory stays bounded: past
 * 10,000 keys, keys whose window ended are dropped while counting. Thread-safe.
 */
public final class RateLimits {
  private static final int SWEEP_ABOVE = 10_000;

  private final int limit;
  private final Map<String, RateWindow> windows = new ConcurrentHashMap<>();

  /** @param limit events per second per key; 0 for no limit */
  public RateLimits(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a rate limit is 0 (none) or positive: " + limit);
    }
    this.limit = limit;
  }

  /** Events per second per key; 0 for no limit. */
  public int limit() {
    return limit;
  }

  /** Counts one event of {@code key} at {@code now} ({@link System#nanoTime()}); false when past the limit. */
  public boolean admit(String key, long now) {
    if (limit == 0) {
      return true;
    }
    if (windows.size() > SWEEP_ABOVE) {
      for (Iterator<RateWindow> it = windows.values().iterator(); it.hasNext(); ) {
        if (it.next().endedBefore(now)) {
          it.remove();
        }
      }
    }
    return windows.computeIfAbsent(key, k -> new RateWindow()).admit(now, limit);
  }

  /** Keys counted now (for tests of the bound). */
  public int keys() {
    return windows.size();
  }
}
