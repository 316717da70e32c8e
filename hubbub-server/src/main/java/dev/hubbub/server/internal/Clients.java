package dev.hubbub.server.internal;

import dev.hubbub.server.ClientProxy;
import dev.hubbub.server.GroupManager;
import dev.hubbub.server.HubCallerClients;
import dev.hubbub.server.HubContext;
import dev.hubbub.server.SingleClientProxy;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.InvocationMessage;
import java.util.List;
import java.util.function.BiFunction;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Target selection for sends: the hub's {@link HubContext} clients (no caller) and, with a caller, a hub
 * method's {@link HubCallerClients}. Selections are resolved when a message is sent, not when the proxy
 * is made.
 */
final class Clients implements HubCallerClients, HubContext, GroupManager {
  private final HubRegistry registry;
  private final @Nullable String callerId;

  Clients(HubRegistry registry, @Nullable String callerId) {
    this.registry = registry;
    this.callerId = callerId;
  }

  /**
   * A proxy that goes through the SignalR service when the hub is hosted behind one ({@code remote}), else
   * fans out locally ({@code local}).
   */
  private ClientProxy routed(BiFunction<ServiceSends, InvocationMessage, CompletableFuture<Void>> remote,
      Consumer<Consumer<HubConnection>> local) {
    return (method, args) -> {
      ServiceSends service = registry.service();
      if (service == null) {
        registry.send(local, method, args);
        return CompletableFuture.completedFuture(null);
      }
      return remote.apply(service, new InvocationMessage(method, Arguments.of(args == null ? new Object[0] : args)));
    };
  }

  private static Consumer<Consumer<HubConnection>> except(Collection<HubConnection> from, Collection<String> excluded) {
    Set<String> skip = Set.copyOf(excluded);
    return sink -> from.forEach(c -> {
      if (!skip.contains(c.connectionId())) {
        sink.accept(c);
      }
    });
  }

  private String callerId() {
    if (callerId == null) {
      throw new IllegalStateException("There is no caller outside a hub method; use client(connectionId)");
    }
    return callerId;
  }

  @Override
  public ClientProxy all() {
    return routed((s, m) -> s.all(List.of(), m), HubRegistry.of(registry.all()));
  }

  @Override
  public ClientProxy allExcept(Collection<String> excludedConnectionIds) {
    List<String> excluded = List.copyOf(excludedConnectionIds);
    return routed((s, m) -> s.all(excluded, m), except(registry.all(), excluded));
  }

  @Override
  public SingleClientProxy client(String connectionId) {
    return new SingleClientProxy() {
      @Override
      public CompletableFuture<Void> send(String method, @Nullable Object... args) {
        ServiceSends service = registry.service();
        if (service != null) {
          return service.connections(List.of(connectionId),
              new InvocationMessage(method, Arguments.of(args == null ? new Object[0] : args)));
        }
        HubConnection c = registry.connection(connectionId);
        if (c != null) {
          registry.send(sink -> sink.accept(c), method, args);
        }
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public <T> CompletableFuture<T> invoke(Class<T> resultType, String method, @Nullable Object... args) {
        return invoke((Type) resultType, method, args);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> CompletableFuture<T> invoke(Type resultType, String method, @Nullable Object... args) {
        return (CompletableFuture<T>) registry.invoke(connectionId, resultType, method, args);
      }
    };
  }

  @Override
  public ClientProxy clients(Collection<String> connectionIds) {
    Set<String> ids = Set.copyOf(connectionIds);
    return routed((s, m) -> s.connections(ids, m), sink -> ids.forEach(id -> {
      HubConnection c = registry.connection(id);
      if (c != null) {
        sink.accept(c);
      }
    }));
  }

  @Override
  public ClientProxy group(String groupName) {
    return routed((s, m) -> s.group(groupName, List.of(), m), sink -> registry.group(groupName).forEach(sink));
  }

  @Override
  public ClientProxy groups(Collection<String> groupNames) {
    Set<String> names = Set.copyOf(groupNames);
    return routed((s, m) -> s.groups(names, m), sink -> names.forEach(g -> registry.group(g).forEach(sink)));
  }

  @Override
  public ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds) {
    Set<String> skip = Set.copyOf(excludedConnectionIds);
    return routed((s, m) -> s.group(groupName, skip, m), sink -> except(registry.group(groupName), skip).accept(sink));
  }

  @Override
  public ClientProxy user(String userId) {
    return routed((s, m) -> s.user(userId, m), sink -> registry.user(userId).forEach(sink));
  }

  @Override
  public ClientProxy users(Collection<String> userIds) {
    Set<String> ids = Set.copyOf(userIds);
    return routed((s, m) -> s.users(ids, m), sink -> ids.forEach(u -> registry.user(u).forEach(sink)));
  }

  @Override
  public SingleClientProxy caller() {
    return client(callerId());
  }

  @Override
  public ClientProxy others() {
    String me = callerId();
    return routed((s, m) -> s.all(List.of(me), m), except(registry.all(), Set.of(me)));
  }

  @Override
  public ClientProxy othersInGroup(String groupName) {
    String me = callerId();
    return routed((s, m) -> s.group(groupName, List.of(me), m),
        sink -> except(registry.group(groupName), Set.of(me)).accept(sink));
  }

  // ---- HubContext

  @Override
  public Clients clients() {
    return this;
  }

  @Override
  public GroupManager groups() {
    return this;
  }

  // ---- GroupManager

  @Override
  public CompletableFuture<Void> add(String connectionId, String groupName) {
    registry.addToGroup(connectionId, groupName);
    ServiceSends service = registry.service();
    return service == null ? CompletableFuture.completedFuture(null) : service.addToGroup(connectionId, groupName);
  }

  @Override
  public CompletableFuture<Void> remove(String connectionId, String groupName) {
    registry.removeFromGroup(connectionId, groupName);
    ServiceSends service = registry.service();
    return service == null ? CompletableFuture.completedFuture(null)
        : service.removeFromGroup(connectionId, groupName);
  }
}
