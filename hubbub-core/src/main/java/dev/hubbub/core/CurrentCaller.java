package dev.hubbub.core;

import org.jspecify.annotations.Nullable;

/**
 * The session whose hub code runs on this thread, while it runs: a lifetime manager that has several ways to
 * reach its targets (service connections, a backplane) can send the caller's messages the way the caller's own
 * answers go, so that a client that broadcasts gets the broadcast before its invocation's result, as it would
 * from a self-hosted server.
 */
public final class CurrentCaller {
  private static final ThreadLocal<@Nullable HubSession> CURRENT = new ThreadLocal<>();

  private CurrentCaller() {}

  /** The session whose hub code runs on this thread, or null. */
  public static @Nullable HubSession get() {
    return CURRENT.get();
  }

  /** Marks {@code session} as the caller on this thread until the returned scope closes. */
  public static Scope enter(HubSession session) {
    HubSession previous = CURRENT.get();
    CURRENT.set(session);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Ends a {@link #enter} scope; closes without exceptions. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
