package dev.hubbub.service.internal.hub;

import dev.hubbub.service.internal.SharedPerHub;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportApplication;
import java.util.Locale;
import java.util.function.Function;

/**
 * The transport applications of one route ({@code /client} or {@code /server}), one per hub: every connection keeps
 * its application for its lifetime, so the connections of a hub share one (and its lower-cased name) rather than
 * each keeping a copy. At most {@code max} hubs are remembered (see {@link SharedPerHub}).
 */
public final class HubApplications {
  private final SharedPerHub<TransportApplication> byHub;
  private final Function<String, TransportApplication> make;

  /**
   * @param handler the route's handler, in every application
   * @param max how many hubs to remember, 0 or more
   */
  public HubApplications(ConnectionHandler handler, int max) {
    this.byHub = new SharedPerHub<>(max);
    this.make = key -> new TransportApplication(key, handler);
  }

  /** The application of {@code hub} (a valid hub name, in any case), keyed by its lower-cased name. */
  public TransportApplication of(String hub) {
    // toLowerCase returns the string itself when it has nothing to lower, as the hubs of most clients.
    return byHub.get(hub.toLowerCase(Locale.ROOT), make);
  }

  /** How many hubs are remembered. */
  int remembered() {
    return byHub.remembered();
  }
}
