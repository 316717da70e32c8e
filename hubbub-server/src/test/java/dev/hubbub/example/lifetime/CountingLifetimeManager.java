package dev.hubbub.example.lifetime;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second lifetime manager written the way a backplane module would be: outside Hubbub's packages, with public
 * types only (an architecture test checks that). It counts every call and hands it to the manager the hosting
 * mode built, so the hub keeps working through it.
 */
public final class CountingLifetimeManager implements HubLifetimeManager {
  private final HubLifetimeManager delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  public CountingLifetimeManager(HubLifetimeManager delegate) {
    this.delegate = delegate;
  }

  /** How often {@code call} happened; sends are counted per target kind, e.g. {@code send:Groups}. */
  public int count(String call) {
    AtomicInteger n = calls.get(call);
    return n == null ? 0 : n.get();
  }

  private void count0(String call) {
    calls.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void onConnected(HubSession session) {
    count0("onConnected");
    delegate.onConnected(session);
  }

  @Override
  public void onDisconnected(HubSession session) {
    count0("onDisconnected");
    delegate.onDisconnected(session);
  }

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    count0("send:" + target.getClass().getSimpleName());
    return delegate.send(target, message);
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    count0("addToGroup");
    return delegate.addToGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    count0("removeFromGroup");
    return delegate.removeFromGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    count0("invokeConnection");
    return delegate.invokeConnection(connectionId, target, arguments);
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    count0("setConnectionResult");
    return delegate.setConnectionResult(connectionId, completion);
  }
}
