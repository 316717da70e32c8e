package dev.hubbub.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * A scale-out backplane: a {@link HubLifetimeManagerFactory} that connects this process to others sharing one
 * broker, and that the server asks for its health and closes when it stops.
 */
public interface Backplane extends HubLifetimeManagerFactory, AutoCloseable {

  /**
   * Why messages cannot reach other processes right now (the broker is unreachable), or null when they can. While
   * degraded, sends still reach this process's connections; the server's health says {@code Degraded}.
   */
  @Nullable String degradedReason();

  /** Disconnects from the broker; called by the server after its clients are gone. Idempotent. */
  @Override
  void close();
}
