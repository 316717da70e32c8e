package dev.hubbub.core;

import dev.hubbub.core.spi.ClientResultException;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.transport.Fanout;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The in-process {@link HubLifetimeManager}: the hub's connections in a {@link HubConnectionStore}, sends
 * fanned out to them with each message encoded once per protocol, and the client results this process waits
 * for. Futures complete before the methods return, except client results. Thread-safe.
 */
public class LocalHubLifetimeManager implements HubLifetimeManager {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final HubConnectionStore store;
  private final ClientResults results = new ClientResults();

  /** A manager for the hub {@code name} (case kept, for logs). */
  public LocalHubLifetimeManager(String name, Clock clock) {
    this.store = new HubConnectionStore(name, clock);
  }

  /** The connections, users and groups held here. */
  public final HubConnectionStore store() {
    return store;
  }

  @Override
  public void onConnected(HubSession session) {
    store.add(session);
  }

  @Override
  public void onDisconnected(HubSession session) {
    store.remove(session);
    results.failFor(session.connectionId());
  }

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    Delivery delivery = new Delivery(message);
    try {
      store.forEach(target, delivery);
    } finally {
      delivery.finish();
    }
    return DONE;
  }

  /**
   * One send's sessions: a single session is written at once; from the second on they go through a {@link Fanout}
   * (one task per event loop for the transport's connections, not a queue entry per connection).
   */
  private static final class Delivery implements Consumer<HubSession> {
    private final OutboundMessage message;
    private @Nullable HubSession first;
    private @Nullable Fanout fanout;

    Delivery(OutboundMessage message) {
      this.message = message;
    }

    @Override
    public void accept(HubSession session) {
      Fanout f = fanout;
      if (f == null) {
        HubSession one = first;
        if (one == null) {
          first = session;
          return;
        }
        f = new Fanout();
        fanout = f;
        message.sendTo(one, f);
      }
      message.sendTo(session, f);
    }

    void finish() {
      Fanout f = fanout;
      if (f != null) {
        f.dispatch();
      } else if (first != null) {
        message.sendTo(first);
      }
    }
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    return CompletableFuture.completedFuture(store.addToGroup(connectionId, group));
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    boolean exists = store.connection(connectionId) != null;
    store.removeFromGroup(connectionId, group);
    return CompletableFuture.completedFuture(exists);
  }

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    HubSession session = store.connection(connectionId);
    if (session == null) {
      return CompletableFuture.failedFuture(
          new ClientResultException("Connection '" + connectionId + "' does not exist."));
    }
    return results.invoke(session, target, arguments);
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    return results.complete(connectionId, completion);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + store.name() + ", " + store.size() + " connection(s)]";
  }
}
