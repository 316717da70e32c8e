package dev.hubbub.bench.load;

import java.util.Locale;

/** What the load generator asks the service to do. */
public enum Scenario {
  /** REST broadcast to every connection of the hub. */
  BROADCAST,
  /** REST send to a group; groups of {@code --group-size} connections, joined through REST. */
  GROUP,
  /** REST send to one connection, targets taken round-robin. */
  CONNECTION,
  /** REST send to one user (one connection per user), targets taken round-robin. */
  USER,
  /** No sends: connections are opened, held until the server's memory settles, and closed. */
  IDLE;

  /** Whether each client must learn its connection id (through negotiate) before it opens its WebSocket. */
  boolean needsConnectionIds() {
    return this == GROUP || this == CONNECTION;
  }

  static Scenario parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown scenario '" + value
          + "': use broadcast, group, connection, user or idle.");
    }
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
