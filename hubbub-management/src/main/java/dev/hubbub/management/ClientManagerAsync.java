package dev.hubbub.management;

import static dev.hubbub.management.HubClientsAsync.name;

import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Closes connections of one hub and checks whether connections, users and groups exist, without blocking.
 * A closed client receives a SignalR close message carrying {@code reason}. Futures complete on the SDK's I/O thread: see
 * {@link ServiceHubContextAsync} for what continuations may do there.
 */
public final class ClientManagerAsync {
  private final ManagementTransport transport;
  private final HubRef hub;

  ClientManagerAsync(ManagementTransport transport, HubRef hub) {
    this.transport = transport;
    this.hub = hub;
  }

  /** Closes one connection; a connection the service does not know is ignored, as the official SDK does. */
  public CompletableFuture<Void> closeConnection(String connectionId, @Nullable String reason) {
    return transport.closeConnection(hub, name("connectionId", connectionId), reason);
  }

  /** Closes every connection of a user. */
  public CompletableFuture<Void> closeUserConnections(String userId, @Nullable String reason) {
    return transport.closeUserConnections(hub, name("userId", userId), List.of(), reason);
  }

  /** Closes every connection in a group. */
  public CompletableFuture<Void> closeGroupConnections(String group, @Nullable String reason) {
    return transport.closeGroupConnections(hub, name("group", group), List.of(), reason);
  }

  /** Closes every connection of the hub. */
  public CompletableFuture<Void> closeAllConnections(@Nullable String reason) {
    return transport.closeAllConnections(hub, List.of(), reason);
  }

  /** Whether the connection is connected to the hub. */
  public CompletableFuture<Boolean> connectionExists(String connectionId) {
    return transport.connectionExists(hub, name("connectionId", connectionId));
  }

  /** Whether the user has at least one connection to the hub. */
  public CompletableFuture<Boolean> userExists(String userId) {
    return transport.userExists(hub, name("userId", userId));
  }

  /** Whether the group has at least one connection. */
  public CompletableFuture<Boolean> groupExists(String group) {
    return transport.groupExists(hub, name("group", group));
  }
}
