package dev.hubbub.transport;

/**
 * Counts events in one-second windows for a rate limit (a connection's invocations, an address's negotiations).
 * Thread-safe.
 */
public final class RateWindow {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private long start;
  private int count;
  private boolean started;

  /**
   * Counts one event at {@code now} ({@link System#nanoTime()}).
   *
   * @return false when it is past {@code limit} in the current window
   */
  public synchronized boolean admit(long now, int limit) {
    if (!started || now - start >= WINDOW_NANOS) {
      started = true;
      start = now;
      count = 0;
    }
    return ++count <= limit;
  }

  /** Whether the window ended before {@code now} (an idle key that can be forgotten). */
  public synchronized boolean endedBefore(long now) {
    return !started || now - start >= WINDOW_NANOS;
  }
}
