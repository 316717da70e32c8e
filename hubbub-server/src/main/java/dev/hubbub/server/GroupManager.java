package dev.hubbub.server;

import java.util.concurrent.CompletableFuture;

/** Adds connections to groups and removes them. A connection leaves all its groups when it closes. */
public interface GroupManager {

  /** Adds a connection to a group; unknown connection ids are ignored. */
  CompletableFuture<Void> add(String connectionId, String groupName);

  /** Removes a connection from a group; a no-op when it is not a member. */
  CompletableFuture<Void> remove(String connectionId, String groupName);
}
