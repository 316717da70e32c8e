package dev.hubbub.management.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * How management operations reach the service. {@link RestTransport} makes one REST call per operation
 * (the official SDK's "transient" mode); {@link PersistentTransport} sends the same operations as service-protocol
 * messages over WebSockets it keeps open ("persistent" mode).
 *
 * <p>Every method is asynchronous and never blocks the caller. Failures complete the future exceptionally
 * with a {@link dev.hubbub.management.SignalRException}. Names are already validated.
 */
public interface ManagementTransport {
  /** Sends to every connection of the hub except {@code excluded}. */
  CompletableFuture<Void> sendToAll(HubRef hub, List<String> excluded, EncodedMessage message);

  /** Sends to every connection of one user. */
  CompletableFuture<Void> sendToUser(HubRef hub, String userId, EncodedMessage message);

  /** Sends to every connection in a group except {@code excluded}. */
  CompletableFuture<Void> sendToGroup(HubRef hub, String group, List<String> excluded, EncodedMessage message);

  /** Sends to one connection. */
  CompletableFuture<Void> sendToConnection(HubRef hub, String connectionId, EncodedMessage message);

  /** Sends to several users; one call per user unless the transport has a multicast form. */
  default CompletableFuture<Void> sendToUsers(HubRef hub, List<String> userIds, EncodedMessage message) {
    return Futures.forEach(userIds, u -> sendToUser(hub, u, message));
  }

  /** Sends to several groups; one call per group unless the transport has a multicast form. */
  default CompletableFuture<Void> sendToGroups(HubRef hub, List<String> groups, EncodedMessage message) {
    return Futures.forEach(groups, g -> sendToGroup(hub, g, List.of(), message));
  }

  /** Sends to several connections; one call per connection unless the transport has a multicast form. */
  default CompletableFuture<Void> sendToConnections(HubRef hub, List<String> connectionIds, EncodedMessage message) {
    return Futures.forEach(connectionIds, c -> sendToConnection(hub, c, message));
  }

  /** Adds a connection to a group; an unknown connection is not an error. */
  CompletableFuture<Void> addConnectionToGroup(HubRef hub, String group, String connectionId);

  /** Removes a connection from a group. */
  CompletableFuture<Void> removeConnectionFromGroup(HubRef hub, String group, String connectionId);

  /** Removes a connection from every group. */
  CompletableFuture<Void> removeConnectionFromAllGroups(HubRef hub, String connectionId);

  /** Adds a user to a group, for {@code ttl} or without limit when null. */
  CompletableFuture<Void> addUserToGroup(HubRef hub, String userId, String group, @Nullable Duration ttl);

  /** Removes a user from a group. */
  CompletableFuture<Void> removeUserFromGroup(HubRef hub, String userId, String group);

  /** Removes a user from every group. */
  CompletableFuture<Void> removeUserFromAllGroups(HubRef hub, String userId);

  /** Whether a user is in a group. */
  CompletableFuture<Boolean> isUserInGroup(HubRef hub, String userId, String group);

  /** Closes one connection; an unknown connection is not an error. */
  CompletableFuture<Void> closeConnection(HubRef hub, String connectionId, @Nullable String reason);

  /** Closes every connection of a user except {@code excluded}. */
  CompletableFuture<Void> closeUserConnections(HubRef hub, String userId, List<String> excluded,
      @Nullable String reason);

  /** Closes every connection in a group except {@code excluded}. */
  CompletableFuture<Void> closeGroupConnections(HubRef hub, String group, List<String> excluded,
      @Nullable String reason);

  /** Closes every connection of the hub except {@code excluded}. */
  CompletableFuture<Void> closeAllConnections(HubRef hub, List<String> excluded, @Nullable String reason);

  /** Whether a connection exists. */
  CompletableFuture<Boolean> connectionExists(HubRef hub, String connectionId);

  /** Whether a user has at least one connection. */
  CompletableFuture<Boolean> userExists(HubRef hub, String userId);

  /** Whether a group has at least one connection. */
  CompletableFuture<Boolean> groupExists(HubRef hub, String group);

  /** Whether the service is healthy: 2xx true, 5xx or unreachable false, anything else fails. */
  CompletableFuture<Boolean> isServiceHealthy();

  /**
   * A hub context for {@code hub} was created: a connection-holding transport opens (or shares) the hub's
   * connections. Completes when the hub can take operations.
   */
  default CompletableFuture<Void> openHub(HubRef hub) {
    return CompletableFuture.completedFuture(null);
  }

  /** A hub context for {@code hub} was closed: the hub's connections close when no context uses them. */
  default void closeHub(HubRef hub) {}

  /** The manager was closed: releases every connection and thread the transport holds. */
  default void close() {}
}
