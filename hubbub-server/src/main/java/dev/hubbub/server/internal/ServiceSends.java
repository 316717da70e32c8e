package dev.hubbub.server.internal;

import dev.hubbub.protocol.hub.InvocationMessage;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where a hub's sends and group changes go when it is hosted behind the SignalR service: the service fans
 * them out to clients of every server, so they become service-protocol messages instead of local writes.
 */
interface ServiceSends {

  /** Every client of the hub except {@code excluded} ({@code BroadcastData}). */
  CompletableFuture<Void> all(Collection<String> excluded, InvocationMessage message);

  /** The listed connections ({@code MultiConnectionData}). */
  CompletableFuture<Void> connections(Collection<String> connectionIds, InvocationMessage message);

  /** A group except {@code excluded} ({@code GroupBroadcastData}). */
  CompletableFuture<Void> group(String group, Collection<String> excluded, InvocationMessage message);

  /** Several groups ({@code MultiGroupBroadcastData}). */
  CompletableFuture<Void> groups(Collection<String> groups, InvocationMessage message);

  /** One user ({@code UserData}). */
  CompletableFuture<Void> user(String userId, InvocationMessage message);

  /** Several users ({@code MultiUserData}). */
  CompletableFuture<Void> users(Collection<String> userIds, InvocationMessage message);

  /** {@code JoinGroupWithAck}; completes on the service's Ack. */
  CompletableFuture<Void> addToGroup(String connectionId, String group);

  /** {@code LeaveGroupWithAck}; completes on the service's Ack. */
  CompletableFuture<Void> removeFromGroup(String connectionId, String group);
}
