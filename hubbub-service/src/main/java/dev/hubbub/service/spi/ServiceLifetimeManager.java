package dev.hubbub.service.spi;

import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One hub of the service: the hub layer's lifetime seam plus the operations of Azure SignalR Service's data
 * plane. Every method is safe from any thread and returns at once; the futures complete when the operation
 * reached every place that holds connections of the hub.
 */
public interface ServiceLifetimeManager extends HubLifetimeManager {

  /**
   * Closes every connection {@code target} selects, each with a Close message carrying {@code reason} (null
   * for none).
   *
   * @return completes with true when at least one connection was selected
   */
  CompletableFuture<Boolean> close(SendTarget target, @Nullable String reason);

  /** Whether the connection exists. */
  CompletableFuture<Boolean> connectionExists(String connectionId);

  /** Whether the user has at least one connection. */
  CompletableFuture<Boolean> userExists(String userId);

  /** Whether the group has at least one live member. */
  CompletableFuture<Boolean> groupExists(String group);

  /** Whether the user is a live member of the group, by membership or through one of its connections. */
  CompletableFuture<Boolean> isUserInGroup(String userId, String group);

  /**
   * Adds a user to a group: every connection of the user, now or later, is a member until the membership
   * expires or is removed.
   *
   * @param ttl null for no expiry; {@link Duration#ZERO} adds only the user's current connections
   */
  CompletableFuture<Void> addUserToGroup(String userId, String group, @Nullable Duration ttl);

  /** Removes a user from a group (from every group when {@code group} is null), with its connections. */
  CompletableFuture<Void> removeUserFromGroup(String userId, @Nullable String group);

  /** Removes a connection from every group it joined. */
  CompletableFuture<Void> removeFromAllGroups(String connectionId);

  /** The live members of a group, sorted by connection id. */
  CompletableFuture<List<Member>> groupMembers(String group);

  /** The number of connections held by this process (not the whole cluster). */
  int localConnectionCount();

  /**
   * A member of a group.
   *
   * @param connectionId the connection
   * @param userId its user, or null when anonymous
   */
  record Member(String connectionId, @Nullable String userId) {}
}
