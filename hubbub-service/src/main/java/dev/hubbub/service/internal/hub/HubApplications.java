package dev.hubbub.service.internal.hub;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportApplication;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport applications of one route ({@code /client} or {@code /server}), one per hub: every connection keeps
 * its application for its lifetime, so the connections of a hub share one (and its lower-cased name) rather than
 * each keeping a copy. At most {@code max} hubs are remembered; past that, an application is made per connection, so
 * hub names that clients make up cannot grow the map without bound.
 */
public final class HubApplications {
  private final ConnectionHandler handler;
  private final int max;
  private final Map<String, TransportApplication> byHub = new ConcurrentHashMap<>();

  /**
   * @param handler the route's handler, in every application
   * @param max how many hubs to remember, 0 or more
   */
  public HubApplications(ConnectionHandler handler, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be 0 or more, was " + max);
    }
    this.handler = handler;
    this.max = max;
  }

  /** The application of {@code hub} (a valid hub name, in any case), keyed by its lower-cased name. */
  public TransportApplication of(String hub) {
    TransportApplication known = byHub.get(hub);
    if (known != null) {
      return known;
    }
    String key = hub.toLowerCase(Locale.ROOT);
    known = byHub.get(key);
    if (known == null) {
      known = new TransportApplication(key, handler);
      if (byHub.size() < max) {
        TransportApplication raced = byHub.putIfAbsent(key, known);
        if (raced != null) {
          known = raced;
        }
      }
    }
    return known;
  }

  /** How many hubs are remembered. */
  int remembered() {
    return byHub.size();
  }
}
