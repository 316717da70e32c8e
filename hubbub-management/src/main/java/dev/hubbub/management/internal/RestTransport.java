package dev.hubbub.management.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The 2022-06-01 data-plane REST API ({@code /api/hubs/{hub}/...?api-version=2022-06-01}), one call per
 * operation. Which 404 answers are expected follows the official SDK: adding an unknown connection to a
 * group, closing an unknown connection, and the existence checks.
 */
public final class RestTransport implements ManagementTransport {
  private static final String POST = "POST";
  private static final String PUT = "PUT";
  private static final String DELETE = "DELETE";
  private static final String HEAD = "HEAD";
  private static final String GET = "GET";

  private final RestClient client;

  /** A transport sending through {@code client}. */
  public RestTransport(RestClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<Void> sendToAll(HubRef hub, List<String> excluded, EncodedMessage message) {
    return run(RestRequest.hub("SendToAll", POST, hub).literal("/:send").queryAll("excluded", excluded)
        .body(message.json()).build());
  }

  @Override
  public CompletableFuture<Void> sendToUser(HubRef hub, String userId, EncodedMessage message) {
    return run(RestRequest.hub("SendToUser", POST, hub).literal("/users/").segment("{user}", userId)
        .literal("/:send").body(message.json()).build());
  }

  @Override
  public CompletableFuture<Void> sendToGroup(HubRef hub, String group, List<String> excluded, EncodedMessage message) {
    return run(RestRequest.hub("SendToGroup", POST, hub).literal("/groups/").segment("{group}", group)
        .literal("/:send").queryAll("excluded", excluded).body(message.json()).build());
  }

  @Override
  public CompletableFuture<Void> sendToConnection(HubRef hub, String connectionId, EncodedMessage message) {
    return run(RestRequest.hub("SendToConnection", POST, hub).literal("/connections/")
        .segment("{connectionId}", connectionId).literal("/:send").body(message.json()).build());
  }

  @Override
  public CompletableFuture<Void> addConnectionToGroup(HubRef hub, String group, String connectionId) {
    return run(RestRequest.hub("AddConnectionToGroup", PUT, hub).literal("/groups/").segment("{group}", group)
        .literal("/connections/").segment("{connectionId}", connectionId)
        .tolerate404("Error.Connection.NotExisted").build());
  }

  @Override
  public CompletableFuture<Void> removeConnectionFromGroup(HubRef hub, String group, String connectionId) {
    return run(RestRequest.hub("RemoveConnectionFromGroup", DELETE, hub).literal("/groups/")
        .segment("{group}", group).literal("/connections/").segment("{connectionId}", connectionId).build());
  }

  @Override
  public CompletableFuture<Void> removeConnectionFromAllGroups(HubRef hub, String connectionId) {
    return run(RestRequest.hub("RemoveConnectionFromAllGroups", DELETE, hub).literal("/connections/")
        .segment("{connectionId}", connectionId).literal("/groups").build());
  }

  @Override
  public CompletableFuture<Void> addUserToGroup(HubRef hub, String userId, String group, @Nullable Duration ttl) {
    RestRequest.Builder b = RestRequest.hub("AddUserToGroup", PUT, hub).literal("/users/").segment("{user}", userId)
        .literal("/groups/").segment("{group}", group);
    if (ttl != null) {
      // whole seconds, rounded up so a sub-second TTL does not become "current connections only" (0)
      long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
      b.query("ttl", Long.toString(seconds));
    }
    return run(b.build());
  }

  @Override
  public CompletableFuture<Void> removeUserFromGroup(HubRef hub, String userId, String group) {
    return run(RestRequest.hub("RemoveUserFromGroup", DELETE, hub).literal("/users/").segment("{user}", userId)
        .literal("/groups/").segment("{group}", group).build());
  }

  @Override
  public CompletableFuture<Void> removeUserFromAllGroups(HubRef hub, String userId) {
    return run(RestRequest.hub("RemoveUserFromAllGroups", DELETE, hub).literal("/users/").segment("{user}", userId)
        .literal("/groups").build());
  }

  @Override
  public CompletableFuture<Boolean> isUserInGroup(HubRef hub, String userId, String group) {
    // GET, as the official SDK: some service versions do not answer HEAD on this route
    return check(RestRequest.hub("IsUserInGroup", GET, hub).literal("/users/").segment("{user}", userId)
        .literal("/groups/").segment("{group}", group).tolerate404("Info.User.NotInGroup").build());
  }

  @Override
  public CompletableFuture<Void> closeConnection(HubRef hub, String connectionId, @Nullable String reason) {
    return run(RestRequest.hub("CloseConnection", DELETE, hub).literal("/connections/")
        .segment("{connectionId}", connectionId).queryIfPresent("reason", reason)
        .tolerate404("Warning.Connection.NotExisted").build());
  }

  @Override
  public CompletableFuture<Void> closeUserConnections(HubRef hub, String userId, List<String> excluded,
      @Nullable String reason) {
    return run(RestRequest.hub("CloseUserConnections", POST, hub).literal("/users/").segment("{user}", userId)
        .literal("/:closeConnections").queryAll("excluded", excluded).queryIfPresent("reason", reason).build());
  }

  @Override
  public CompletableFuture<Void> closeGroupConnections(HubRef hub, String group, List<String> excluded,
      @Nullable String reason) {
    return run(RestRequest.hub("CloseGroupConnections", POST, hub).literal("/groups/").segment("{group}", group)
        .literal("/:closeConnections").queryAll("excluded", excluded).queryIfPresent("reason", reason).build());
  }

  @Override
  public CompletableFuture<Void> closeAllConnections(HubRef hub, List<String> excluded, @Nullable String reason) {
    return run(RestRequest.hub("CloseAllConnections", POST, hub).literal("/:closeConnections")
        .queryAll("excluded", excluded).queryIfPresent("reason", reason).build());
  }

  @Override
  public CompletableFuture<Boolean> connectionExists(HubRef hub, String connectionId) {
    return check(RestRequest.hub("ConnectionExists", HEAD, hub).literal("/connections/")
        .segment("{connectionId}", connectionId).tolerate404("Warning.Connection.NotExisted").build());
  }

  @Override
  public CompletableFuture<Boolean> userExists(HubRef hub, String userId) {
    return check(RestRequest.hub("UserExists", HEAD, hub).literal("/users/").segment("{user}", userId)
        .tolerate404("Warning.User.NotExisted").build());
  }

  @Override
  public CompletableFuture<Boolean> groupExists(HubRef hub, String group) {
    return check(RestRequest.hub("GroupExists", HEAD, hub).literal("/groups/").segment("{group}", group)
        .tolerate404("Warning.Group.NotExisted").build());
  }

  @Override
  public CompletableFuture<Boolean> isServiceHealthy() {
    RestRequest request = RestRequest.root("IsServiceHealthy", HEAD, "/api/health").build();
    return client.send(request).handle((response, failure) -> {
      if (failure != null) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof dev.hubbub.management.SignalRConnectionException) {
          return false;
        }
        throw new java.util.concurrent.CompletionException(cause);
      }
      if (response.isSuccess()) {
        return true;
      }
      if (response.status() >= 500) {
        return false;
      }
      throw RestErrors.toException(request, response);
    });
  }

  /** Closes the client: stops its I/O thread (the default Netty path). */
  @Override
  public void close() {
    client.close();
  }

  private CompletableFuture<Void> run(RestRequest request) {
    return client.send(request).thenApply(response -> {
      RestErrors.check(request, response);
      return null;
    });
  }

  private CompletableFuture<Boolean> check(RestRequest request) {
    return client.send(request).thenApply(response -> RestErrors.check(request, response));
  }
}
