package dev.hubbub.service.spi;

/**
 * Plugs a lifetime manager into the service: called once per hub, when the hub is first used, with the
 * in-process manager ({@code local}); returns the one the hub uses. A backplane returns a manager that delivers
 * to this node's connections through {@code local} and reaches the other nodes itself.
 */
@FunctionalInterface
public interface ServiceLifetimeManagerFactory {

  /**
   * The manager for the hub {@code hubKey} (lower case, application-prefixed as {@code app_hub});
   * {@code local} holds this node's connections.
   */
  ServiceLifetimeManager create(String hubKey, ServiceLifetimeManager local);
}
