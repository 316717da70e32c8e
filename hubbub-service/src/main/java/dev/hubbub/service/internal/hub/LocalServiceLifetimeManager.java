package dev.hubbub.service.internal.hub;

import dev.hubbub.core.HubConnectionStore;
import dev.hubbub.core.HubSession;
import dev.hubbub.core.LocalHubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One hub's connections in this process: the service's operations over a {@link HubConnectionStore}. */
public final class LocalServiceLifetimeManager extends LocalHubLifetimeManager implements ServiceLifetimeManager {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  public LocalServiceLifetimeManager(String name, Clock clock) {
    super(name, clock);
  }

  @Override
  public CompletableFuture<Boolean> close(SendTarget target, @Nullable String reason) {
    List<HubSession> selected = new ArrayList<>();
    store().forEach(target, selected::add);
    for (HubSession s : selected) {
      s.close(reason, false);
    }
    return CompletableFuture.completedFuture(!selected.isEmpty());
  }

  @Override
  public CompletableFuture<Boolean> connectionExists(String connectionId) {
    return CompletableFuture.completedFuture(store().connection(connectionId) != null);
  }

  @Override
  public CompletableFuture<Boolean> userExists(String userId) {
    return CompletableFuture.completedFuture(!store().userConnections(userId).isEmpty());
  }

  @Override
  public CompletableFuture<Boolean> groupExists(String group) {
    return CompletableFuture.completedFuture(store().groupHasConnections(group));
  }

  @Override
  public CompletableFuture<Boolean> isUserInGroup(String userId, String group) {
    return CompletableFuture.completedFuture(store().isUserInGroup(userId, group));
  }

  @Override
  public CompletableFuture<Void> addUserToGroup(String userId, String group, @Nullable Duration ttl) {
    store().addUserToGroup(userId, group, ttl == null ? null : (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    return DONE;
  }

  @Override
  public CompletableFuture<Void> removeUserFromGroup(String userId, @Nullable String group) {
    if (group == null) {
      store().removeUserFromAllGroups(userId);
    } else {
      store().removeUserFromGroup(userId, group);
    }
    return DONE;
  }

  @Override
  public CompletableFuture<Void> removeFromAllGroups(String connectionId) {
    store().removeFromAllGroups(connectionId);
    return DONE;
  }

  @Override
  public CompletableFuture<List<Member>> groupMembers(String group) {
    List<Member> members = new ArrayList<>();
    for (HubSession s : store().groupMembers(group)) {
      members.add(new Member(s.connectionId(), s.userId()));
    }
    members.sort(Comparator.comparing(Member::connectionId));
    return CompletableFuture.completedFuture(members);
  }

  @Override
  public int localConnectionCount() {
    return store().size();
  }
}
