package dev.hubbub.server;

import dev.hubbub.server.internal.HubBinder;
import org.jspecify.annotations.Nullable;

/**
 * A hub: extend it and give it public methods; clients invoke them by name (compared ignoring case).
 *
 * <pre>{@code
 * public class ChatHub extends Hub {
 *   public void send(String user, String message) {
 *     clients().all().send("newMessage", user, message);
 *   }
 *   public CompletableFuture<Integer> add(int a, int b) { return CompletableFuture.completedFuture(a + b); }
 *   public Flow.Publisher<Integer> counter(int n) { ... }            // server-to-client stream
 *   public CompletableFuture<Void> upload(Flow.Publisher<String> items) { ... }  // client-to-server stream
 * }
 * }</pre>
 *
 * <p>Arguments are bound with Jackson from JSON or MessagePack. A method may return nothing, a value, a
 * {@link java.util.concurrent.CompletionStage} of a value (the completion is sent when it completes), or a
 * {@link java.util.concurrent.Flow.Publisher} (a stream of items; {@link java.util.concurrent.SubmissionPublisher}
 * is a ready-made one). A parameter of type {@link java.util.concurrent.Flow.Publisher} or {@link Iterable}
 * receives a stream the client uploads.
 *
 * <p>A new instance serves each invocation and each lifecycle event, so keep no per-connection state in
 * fields: use {@link HubCallerContext#items()}. Methods run on a worker thread, never on a network
 * thread, and may block.
 */
public abstract class Hub {
  static {
    HubBinder.install((hub, context, clients, groups) -> {
      hub.context = context;
      hub.clients = clients;
      hub.groups = groups;
    });
  }

  private @Nullable HubCallerContext context;
  private @Nullable HubCallerClients clients;
  private @Nullable GroupManager groups;

  /** The calling connection. */
  protected final HubCallerContext context() {
    return bound(context);
  }

  /** Clients to send to, relative to the caller. */
  protected final HubCallerClients clients() {
    return bound(clients);
  }

  /** The hub's groups. */
  protected final GroupManager groups() {
    return bound(groups);
  }

  /**
   * Runs when a client has completed its handshake, before any of its invocations. When neither the mapped hub
   * class nor the class of the first instance its factory made overrides it (or {@link #onDisconnected}), the
   * hub server skips the call rather than make a hub and run an empty method on a hub thread per client.
   */
  public void onConnected() throws Exception {
  }

  /**
   * Runs once when the connection has closed.
   *
   * @param error why it closed, or null for a normal close
   */
  public void onDisconnected(@Nullable Throwable error) throws Exception {
  }

  private static <T> T bound(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("The hub is not bound to a connection: context(), clients() and groups() "
          + "work inside hub methods and lifecycle callbacks that the hub server runs, not in constructors.");
    }
    return value;
  }
}
