package dev.hubbub.management;

import dev.hubbub.management.internal.Futures;
import org.jspecify.annotations.Nullable;

/**
 * Closes connections of one hub and checks whether connections, users and groups exist, blocking until the
 * service answered. A closed client receives a SignalR close message carrying {@code reason}. Every method
 * throws {@link SignalRException} when the service refuses or cannot be reached.
 */
public final class ClientManager {
  private final ClientManagerAsync async;

  ClientManager(ClientManagerAsync async) {
    this.async = async;
  }

  /** Closes one connection; a connection the service does not know is ignored, as the official SDK does. */
  public void closeConnection(String connectionId, @Nullable String reason) {
    Futures.call(() -> async.closeConnection(connectionId, reason));
  }

  /** Closes every connection of a user. */
  public void closeUserConnections(String userId, @Nullable String reason) {
    Futures.call(() -> async.closeUserConnections(userId, reason));
  }

  /** Closes every connection in a group. */
  public void closeGroupConnections(String group, @Nullable String reason) {
    Futures.call(() -> async.closeGroupConnections(group, reason));
  }

  /** Closes every connection of the hub. */
  public void closeAllConnections(@Nullable String reason) {
    Futures.call(() -> async.closeAllConnections(reason));
  }

  /** Whether the connection is connected to the hub. */
  public boolean connectionExists(String connectionId) {
    return Futures.call(() -> async.connectionExists(connectionId));
  }

  /** Whether the user has at least one connection to the hub. */
  public boolean userExists(String userId) {
    return Futures.call(() -> async.userExists(userId));
  }

  /** Whether the group has at least one connection. */
  public boolean groupExists(String group) {
    return Futures.call(() -> async.groupExists(group));
  }
}
