package dev.hubbub.management;

import dev.hubbub.management.internal.Futures;

/**
 * Adds connections to and removes them from the groups of one hub, blocking until the service answered.
 * Every method throws {@link SignalRException} when the service refuses or cannot be reached.
 */
public final class GroupManager {
  private final GroupManagerAsync async;

  GroupManager(GroupManagerAsync async) {
    this.async = async;
  }

  /** Adds a connection to a group. A connection the service does not know is ignored, as the official SDK does. */
  public void addToGroup(String connectionId, String group) {
    Futures.call(() -> async.addToGroup(connectionId, group));
  }

  /** Removes a connection from a group. */
  public void removeFromGroup(String connectionId, String group) {
    Futures.call(() -> async.removeFromGroup(connectionId, group));
  }

  /** Removes a connection from every group it is in. */
  public void removeFromAllGroups(String connectionId) {
    Futures.call(() -> async.removeFromAllGroups(connectionId));
  }
}
