package dev.hubbub.spring.boot.internal;

import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.HubDescriptor;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.HubLifetimeManagerFactory;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Counts the messages a hub sends (from hub methods and hub contexts alike: every send goes through the lifetime
 * manager) as {@code hubbub.signalr.messages.sent}, tagged with the hub's path. One send to many clients is one.
 */
public final class MeteredLifetimeManager implements HubLifetimeManager {
  private final HubLifetimeManager delegate;
  private final Counter sent;

  MeteredLifetimeManager(HubLifetimeManager delegate, Counter sent) {
    this.delegate = delegate;
    this.sent = sent;
  }

  /**
   * A factory that wraps each hub's manager; the registry is looked up when the hub server starts (none: the manager
   * stays as built).
   */
  public static HubLifetimeManagerFactory factory(Supplier<@Nullable MeterRegistry> registry) {
    return (HubDescriptor hub, HubLifetimeManager built) -> {
      MeterRegistry meters = registry.get();
      return meters == null ? built : new MeteredLifetimeManager(built,
          Counter.builder("hubbub.signalr.messages.sent").description("Messages sent by a hub (one per send, "
              + "whatever the number of receivers)").tag("hub", hub.path()).register(meters));
    };
  }

  @Override
  public void onConnected(HubSession session) {
    delegate.onConnected(session);
  }

  @Override
  public void onDisconnected(HubSession session) {
    delegate.onDisconnected(session);
  }

  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    sent.increment();
    return delegate.send(target, message);
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    return delegate.addToGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    return delegate.removeFromGroup(connectionId, group);
  }

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    return delegate.invokeConnection(connectionId, target, arguments);
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    return delegate.setConnectionResult(connectionId, completion);
  }
}
