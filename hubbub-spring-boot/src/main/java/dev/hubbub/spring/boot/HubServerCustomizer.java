package dev.hubbub.spring.boot;

import dev.hubbub.server.HubServer;

/**
 * Changes the hub server's builder before the starter starts it, for settings without a property: hub options
 * ({@code options(o -> o.keepAliveInterval(..))}), transport limits ({@code transport(t -> t.longPollTimeout(..))}),
 * authorization policies, routes. Declare one or more as beans; they run in their {@code @Order}, after the starter's
 * own settings.
 */
@FunctionalInterface
public interface HubServerCustomizer {

  /** Changes {@code builder}; the hubs and the hosting mode are already set. */
  void customize(HubServer.Builder builder);
}
