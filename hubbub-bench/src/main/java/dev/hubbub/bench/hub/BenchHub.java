package dev.hubbub.bench.hub;

import dev.hubbub.server.Hub;

/**
 * The hub the load generator's {@code echo} and {@code hub-broadcast} scenarios call: the first argument is
 * the caller's due time ({@code System.nanoTime()}), the second a padding string. Neither method looks at
 * them, so the figures measure the server, not the hub.
 */
public class BenchHub extends Hub {
  /** Client method that {@link #broadcast} calls on every client. */
  public static final String BROADCAST_TARGET = "m";

  /** Returns its arguments, as {@code [due, pad]}. */
  public Object[] echo(long due, String pad) {
    return new Object[] {due, pad};
  }

  /** Sends {@code m(due, pad)} to every client of the hub, the caller included. */
  public void broadcast(long due, String pad) {
    clients().all().send(BROADCAST_TARGET, due, pad);
  }
}
