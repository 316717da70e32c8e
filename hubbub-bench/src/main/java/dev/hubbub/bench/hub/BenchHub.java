package dev.hubbub.bench.hub;

import dev.hubbub.server.Hub;
import java.util.concurrent.CompletableFuture;

/**
 * The hub the load generator's {@code echo} and {@code hub-broadcast} scenarios call: the first argument is
 * the caller's due time ({@code System.nanoTime()}), the second a padding string. Neither method looks at
 * them, so the figures measure the server, not the hub.
 *
 * <p>The {@code soak*} methods serve the load generator's soak: each sends {@code s(sender, seq, sentNanos)}
 * ({@link #SOAK_TARGET}) to the clients it names, so the generator can check every delivery.
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

  /** Client method of the soak's messages: {@code s(sender, seq, sentNanos)}. */
  public static final String SOAK_TARGET = "s";

  /** Sends a soak message to every client of the hub, the caller included. */
  public void soakAll(String sender, long seq, long sent) {
    clients().all().send(SOAK_TARGET, sender, seq, sent);
  }

  /** Sends a soak message to the members of {@code group}. */
  public void soakGroup(String group, String sender, long seq, long sent) {
    clients().group(group).send(SOAK_TARGET, sender, seq, sent);
  }

  /** Sends a soak message to every connection of {@code user}. */
  public void soakUser(String user, String sender, long seq, long sent) {
    clients().user(user).send(SOAK_TARGET, sender, seq, sent);
  }

  /** Sends a soak message to one connection. */
  public void soakConnection(String connectionId, String sender, long seq, long sent) {
    clients().client(connectionId).send(SOAK_TARGET, sender, seq, sent);
  }

  /** Sends a soak message back to the caller. */
  public void soakCaller(String sender, long seq, long sent) {
    clients().caller().send(SOAK_TARGET, sender, seq, sent);
  }

  /** Adds the caller to {@code group}; completes once the membership holds. */
  public CompletableFuture<Void> soakJoin(String group) {
    return groups().add(context().connectionId(), group);
  }
}
