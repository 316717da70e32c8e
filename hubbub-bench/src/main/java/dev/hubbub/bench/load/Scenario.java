package dev.hubbub.bench.load;

import java.util.Locale;

/** What the load generator asks the server to do. */
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
  IDLE,
  /** Every client invokes the hub's {@code echo(due, pad)}; the completion is the delivery. */
  ECHO,
  /** {@code --senders} clients invoke the hub's {@code broadcast(due, pad)}; every client receives {@code m}. */
  HUB_BROADCAST;

  /** Whether each client must learn its connection id (through negotiate) before it opens its WebSocket. */
  boolean needsConnectionIds() {
    return this == GROUP || this == CONNECTION;
  }

  /** Whether the clients invoke a hub method (served by a hub server) instead of a REST sender posting. */
  boolean invokesHub() {
    return this == ECHO || this == HUB_BROADCAST;
  }

  static Scenario parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown scenario '" + value
          + "': use broadcast, group, connection, user, idle, echo or hub-broadcast.");
    }
  }

  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
