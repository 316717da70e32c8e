package dev.hubbub.management;

import dev.hubbub.management.internal.Futures;
import java.time.Duration;

/**
 * Puts users (all their connections, present and future) in the groups of one hub, blocking until the
 * service answered. Every method throws {@link SignalRException} when the service refuses or cannot be
 * reached.
 */
public final class UserGroupManager {
  private final UserGroupManagerAsync async;

  UserGroupManager(UserGroupManagerAsync async) {
    this.async = async;
  }

  /** Adds a user to a group without time limit (the service keeps it up to a year). */
  public void addToGroup(String userId, String group) {
    Futures.call(() -> async.addToGroup(userId, group));
  }

  /**
   * Adds a user to a group for {@code ttl}, rounded up to whole seconds; {@link Duration#ZERO} adds only the
   * user's current connections.
   *
   * @throws IllegalArgumentException if {@code ttl} is negative
   */
  public void addToGroup(String userId, String group, Duration ttl) {
    Futures.call(() -> async.addToGroup(userId, group, ttl));
  }

  /** Removes a user from a group. */
  public void removeFromGroup(String userId, String group) {
    Futures.call(() -> async.removeFromGroup(userId, group));
  }

  /** Removes a user from every group. */
  public void removeFromAllGroups(String userId) {
    Futures.call(() -> async.removeFromAllGroups(userId));
  }

  /** Whether a user is in a group. */
  public boolean isUserInGroup(String userId, String group) {
    return Futures.call(() -> async.isUserInGroup(userId, group));
  }
}
