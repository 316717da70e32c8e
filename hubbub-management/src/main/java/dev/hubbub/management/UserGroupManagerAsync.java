package dev.hubbub.management;

import static dev.hubbub.management.HubClientsAsync.name;

import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Puts users (all their connections, present and future) in the groups of one hub, without blocking. A user
 * is whoever connected with a token carrying that user id ({@link NegotiationOptions#userId()}). Futures complete on the SDK's I/O thread: see
 * {@link ServiceHubContextAsync} for what continuations may do there.
 */
public final class UserGroupManagerAsync {
  private final ManagementTransport transport;
  private final HubRef hub;

  UserGroupManagerAsync(ManagementTransport transport, HubRef hub) {
    this.transport = transport;
    this.hub = hub;
  }

  /** Adds a user to a group without time limit (the service keeps it up to a year). */
  public CompletableFuture<Void> addToGroup(String userId, String group) {
    return transport.addUserToGroup(hub, name("userId", userId), name("group", group), null);
  }

  /**
   * Adds a user to a group for {@code ttl}, rounded up to whole seconds; {@link Duration#ZERO} adds only the
   * user's current connections.
   *
   * @throws IllegalArgumentException if {@code ttl} is negative
   */
  public CompletableFuture<Void> addToGroup(String userId, String group, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    return transport.addUserToGroup(hub, name("userId", userId), name("group", group), ttl);
  }

  /** Removes a user from a group. */
  public CompletableFuture<Void> removeFromGroup(String userId, String group) {
    return transport.removeUserFromGroup(hub, name("userId", userId), name("group", group));
  }

  /** Removes a user from every group. */
  public CompletableFuture<Void> removeFromAllGroups(String userId) {
    return transport.removeUserFromAllGroups(hub, name("userId", userId));
  }

  /** Whether a user is in a group. */
  public CompletableFuture<Boolean> isUserInGroup(String userId, String group) {
    return transport.isUserInGroup(hub, name("userId", userId), name("group", group));
  }
}
