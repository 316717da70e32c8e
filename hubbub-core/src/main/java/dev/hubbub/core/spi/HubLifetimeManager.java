package dev.hubbub.core.spi;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where one hub's connections are known and where its sends, group changes and client results go: the
 * lifetime seam, in the shape of ASP.NET Core's {@code HubLifetimeManager}. The in-process implementation is
 * {@link dev.hubbub.core.LocalHubLifetimeManager}; a hub server behind a SignalR service sends through the
 * service instead; a backplane wraps one of those and adds the other nodes.
 *
 * <p><b>Threading.</b> Every method is safe from any thread and returns quickly: work that waits (a network
 * round trip, an acknowledgement) completes the returned future later. {@link #onConnected} and
 * {@link #onDisconnected} are called on the connection's thread and must not block.
 *
 * <p><b>Messages.</b> An {@link OutboundMessage} passed to {@link #send} may be used until the returned future
 * completes; the caller releases it after that.
 */
public interface HubLifetimeManager {

  /** A connection completed its handshake and joined the hub. */
  void onConnected(HubSession session);

  /** A connection left the hub: it leaves its groups, and client results it owes fail. */
  void onDisconnected(HubSession session);

  /**
   * Sends {@code message} to every connection {@code target} selects, wherever it is. Completes when the
   * message was handed to every connection here and to every other place that holds targets; fails when a
   * place that may hold targets could not be reached.
   */
  CompletableFuture<Void> send(SendTarget target, OutboundMessage message);

  /**
   * Adds a connection to a group, wherever the connection is.
   *
   * @return completes with true when the connection was found and added, false when it exists nowhere
   */
  CompletableFuture<Boolean> addToGroup(String connectionId, String group);

  /**
   * Removes a connection from a group, wherever the connection is.
   *
   * @return completes with true when the connection was found, false when it exists nowhere
   */
  CompletableFuture<Boolean> removeFromGroup(String connectionId, String group);

  /**
   * Asks one connection for a result (a client result): an invocation with a fresh id goes to the connection,
   * and the future completes with the client's {@code Completion}, with an error when the connection does not
   * exist or leaves first. The caller applies its own timeout by completing the future; the pending result is
   * then forgotten.
   */
  CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target, Arguments arguments);

  /**
   * A {@code Completion} arrived from {@code connectionId}: if it answers a pending {@link #invokeConnection},
   * that future completes (wherever it was asked) and this returns true; otherwise false.
   */
  boolean setConnectionResult(String connectionId, CompletionMessage completion);

  // ---- ASP.NET Core's names for the common targets

  /** Every connection of the hub. */
  default CompletableFuture<Void> sendAll(OutboundMessage message) {
    return send(SendTarget.all(), message);
  }

  /** Every connection of the hub but these. */
  default CompletableFuture<Void> sendAllExcept(OutboundMessage message, Collection<String> excludedConnectionIds) {
    return send(SendTarget.allExcept(excludedConnectionIds), message);
  }

  /** One connection. */
  default CompletableFuture<Void> sendConnection(String connectionId, OutboundMessage message) {
    return send(SendTarget.connection(connectionId), message);
  }

  /** These connections. */
  default CompletableFuture<Void> sendConnections(Collection<String> connectionIds, OutboundMessage message) {
    return send(SendTarget.connections(connectionIds), message);
  }

  /** A group. */
  default CompletableFuture<Void> sendGroup(String group, OutboundMessage message) {
    return send(SendTarget.group(group), message);
  }

  /** These groups; a connection in several receives the message once. */
  default CompletableFuture<Void> sendGroups(Collection<String> groups, OutboundMessage message) {
    return send(SendTarget.groups(groups), message);
  }

  /** A group but these connections. */
  default CompletableFuture<Void> sendGroupExcept(String group, Collection<String> excludedConnectionIds,
      OutboundMessage message) {
    return send(SendTarget.groupExcept(group, excludedConnectionIds), message);
  }

  /** Every connection of a user. */
  default CompletableFuture<Void> sendUser(String userId, OutboundMessage message) {
    return send(SendTarget.user(userId), message);
  }

  /** Every connection of these users. */
  default CompletableFuture<Void> sendUsers(Collection<String> userIds, OutboundMessage message) {
    return send(SendTarget.users(userIds), message);
  }
}
