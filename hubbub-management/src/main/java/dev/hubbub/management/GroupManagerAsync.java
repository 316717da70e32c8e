package dev.hubbub.management;

import static dev.hubbub.management.HubClientsAsync.name;

import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import java.util.concurrent.CompletableFuture;

/**
 * Adds connections to and removes them from the groups of one hub, without blocking. Futures complete on the SDK's I/O thread: see
 * {@link ServiceHubContextAsync} for what continuations may do there.
 */
public final class GroupManagerAsync {
  private final ManagementTransport transport;
  private final HubRef hub;

  GroupManagerAsync(ManagementTransport transport, HubRef hub) {
    this.transport = transport;
    this.hub = hub;
  }

  /** Adds a connection to a group. A connection the service does not know is ignored, as the official SDK does. */
  public CompletableFuture<Void> addToGroup(String connectionId, String group) {
    return transport.addConnectionToGroup(hub, name("group", group), name("connectionId", connectionId));
  }

  /** Removes a connection from a group. */
  public CompletableFuture<Void> removeFromGroup(String connectionId, String group) {
    return transport.removeConnectionFromGroup(hub, name("group", group), name("connectionId", connectionId));
  }

  /** Removes a connection from every group it is in. */
  public CompletableFuture<Void> removeFromAllGroups(String connectionId) {
    return transport.removeConnectionFromAllGroups(hub, name("connectionId", connectionId));
  }
}
