package dev.hubbub.core.spi;

/**
 * Plugs a lifetime manager in: called once per hub when the server starts, with the manager the hosting mode
 * chose ({@code built}: local state, or the SignalR service), and returns the one the hub uses. A backplane
 * returns a manager that delivers to this process's connections through {@code built} and reaches the other
 * processes itself; a decorator (metrics, tracing) wraps it.
 */
@FunctionalInterface
public interface HubLifetimeManagerFactory {

  /** The manager for {@code hub}; {@code built} is what it would have been without this factory. */
  HubLifetimeManager create(HubDescriptor hub, HubLifetimeManager built);
}
