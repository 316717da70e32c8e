package dev.hubbub.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The connection a hub method runs for. */
public interface HubCallerContext {

  /** The connection id other clients and {@link HubClients#client} use. */
  String connectionId();

  /** The user id the authenticator established, or null for an anonymous connection. */
  @Nullable String userIdentifier();

  /** The user's claims (claim type to values); empty when anonymous. */
  Map<String, List<String>> claims();

  /** The user with their claims, as authorization sees them (ASP.NET Core's {@code Context.User}). */
  default HubPrincipal user() {
    return new HubPrincipal(userIdentifier(), claims());
  }

  /**
   * The HTTP request that started the connection (headers, query, cookies, remote address, transport), as
   * ASP.NET Core's {@code Context.GetHttpContext()}; behind a SignalR service, what the service forwarded.
   */
  HubHttpRequest httpRequest();

  /** State of this connection that lives as long as it does; thread-safe. */
  Map<String, Object> items();

  /** Closes the connection (the client sees a normal close). */
  void abort();

  /**
   * Bytes sent to this connection that wait to be written to its socket: how far the client has fallen behind.
   * A sender that wants to hold back from a slow client (rather than have it closed at
   * {@code maxOutboundQueueBytes}) can look here. 0 behind a SignalR service, which queues the client's bytes
   * itself, and once the connection has ended. Hubbub's addition; ASP.NET Core's hub context has no such thing.
   */
  default long queuedBytes() {
    return 0;
  }

  /**
   * Completes once {@link #queuedBytes()} is at most {@code bytes}, and also when the connection ends, so that
   * nobody waits for a client that is gone: how a sender waits for a slow client instead of filling its queue
   * up to {@code maxOutboundQueueBytes} (where the client is closed as a slow consumer). Completes at once behind
   * a SignalR service, where this process queues nothing. Hubbub's addition, like {@link #queuedBytes()}.
   *
   * @param bytes the level to wait for, at least 0
   */
  default CompletionStage<Void> whenQueuedAtMost(long bytes) {
    return CompletableFuture.completedFuture(null);
  }
}
