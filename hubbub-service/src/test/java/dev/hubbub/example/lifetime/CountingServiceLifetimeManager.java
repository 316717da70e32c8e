package dev.hubbub.example.lifetime;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A second service lifetime manager written the way a backplane module would be: outside Hubbub's packages,
 * with public types only (an architecture test checks that). It counts every call and hands it to this node's
 * manager, so the service keeps working through it.
 */
public final class CountingServiceLifetimeManager implements ServiceLifetimeManager {
  private final ServiceLifetimeManager local;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  public CountingServiceLifetimeManager(ServiceLifetimeManager local) {
    this.local = local;
  }

  /** How often {@code call} happened; sends and closes are counted per target kind, e.g. {@code send:Groups}. */
  public int count(String call) {
    AtomicInteger n = calls.get(call);
    return n == null ? 0 : n.get();
  }

  private void counted(String call) {
    calls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void onConnected(HubSession session) {
    counted("onConnected");
    local.onConnected(session);
  }

  @Override
  public void onDisconnected(HubSession session) {
    counted("onDisconnected");
    local.onDisconnected(session);
  }

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    counted("send:" + target.getClass().getSimpleName());
    return local.send(target, message);
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    counted("addToGroup");
    return local.addToGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    counted("removeFromGroup");
    return local.removeFromGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    counted("invokeConnection");
    return local.invokeConnection(connectionId, target, arguments);
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    counted("setConnectionResult");
    return local.setConnectionResult(connectionId, completion);
  }

  @Override
  public CompletableFuture<Boolean> close(SendTarget target, @Nullable String reason) {
    counted("close:" + target.getClass().getSimpleName());
    return local.close(target, reason);
  }

  @Override
  public CompletableFuture<Boolean> connectionExists(String connectionId) {
    counted("connectionExists");
    return local.connectionExists(connectionId);
  }

  @Override
  public CompletableFuture<Boolean> userExists(String userId) {
    counted("userExists");
    return local.userExists(userId);
  }

  @Override
  public CompletableFuture<Boolean> groupExists(String group) {
    counted("groupExists");
    return local.groupExists(group);
  }

  @Override
  public CompletableFuture<Boolean> isUserInGroup(String userId, String group) {
    counted("isUserInGroup");
    return local.isUserInGroup(userId, group);
  }

  @Override
  public CompletableFuture<Void> addUserToGroup(String userId, String group, @Nullable Duration ttl) {
    counted("addUserToGroup");
    return local.addUserToGroup(userId, group, ttl);
  }

  @Override
  public CompletableFuture<Void> removeUserFromGroup(String userId, @Nullable String group) {
    counted("removeUserFromGroup");
    return local.removeUserFromGroup(userId, group);
  }

  @Override
  public CompletableFuture<Void> removeFromAllGroups(String connectionId) {
    counted("removeFromAllGroups");
    return local.removeFromAllGroups(connectionId);
  }

  @Override
  public CompletableFuture<List<Member>> groupMembers(String group) {
    counted("groupMembers");
    return local.groupMembers(group);
  }

  @Override
  public int localConnectionCount() {
    return local.localConnectionCount();
  }
}
