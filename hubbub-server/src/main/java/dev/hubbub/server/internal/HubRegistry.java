package dev.hubbub.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.server.HubException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections, groups and users of one hub, and the client results it waits for. Sends are fanned out
 * here with each message encoded once per protocol. Thread-safe.
 */
public final class HubRegistry {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");
  private static final AtomicLong RESULT_IDS = new AtomicLong();

  private final Map<String, HubConnection> connections = new ConcurrentHashMap<>();
  private final Map<String, Set<HubConnection>> groups = new ConcurrentHashMap<>();
  private final Map<String, Set<HubConnection>> users = new ConcurrentHashMap<>();
  private final Map<String, PendingResult> results = new ConcurrentHashMap<>();
  private final ObjectMapper mapper;
  private final Executor callbacks;
  private final Duration resultTimeout;
  private volatile @Nullable ServiceSends service;

  private record PendingResult(HubConnection connection, Type type, CompletableFuture<Object> future) {}

  HubRegistry(ObjectMapper mapper, Executor callbacks, Duration resultTimeout) {
    this.mapper = mapper;
    this.callbacks = callbacks;
    this.resultTimeout = resultTimeout;
  }

  /** Routes sends and group changes through the SignalR service from now on. */
  void service(ServiceSends service) {
    this.service = service;
  }

  /** The service the hub's sends go through, or null when self-hosted. */
  @Nullable ServiceSends service() {
    return service;
  }

  void add(HubConnection c) {
    connections.put(c.connectionId(), c);
    if (c.userIdentifier() != null) {
      users.computeIfAbsent(c.userIdentifier(), u -> ConcurrentHashMap.newKeySet()).add(c);
    }
  }

  void remove(HubConnection c) {
    connections.remove(c.connectionId());
    for (String g : c.groups()) {
      removeFromGroup(c, g);
    }
    String user = c.userIdentifier();
    if (user != null) {
      users.computeIfPresent(user, (u, set) -> {
        set.remove(c);
        return set.isEmpty() ? null : set;
      });
    }
    for (Map.Entry<String, PendingResult> e : results.entrySet()) {
      if (e.getValue().connection() == c && results.remove(e.getKey(), e.getValue())) {
        callbacks.execute(() -> e.getValue().future().completeExceptionally(
            new HubException("Connection '" + c.connectionId() + "' disconnected before it returned a result.")));
      }
    }
  }

  @Nullable HubConnection connection(String id) {
    return connections.get(id);
  }

  Collection<HubConnection> all() {
    return connections.values();
  }

  int size() {
    return connections.size();
  }

  // ---- groups

  void addToGroup(String connectionId, String group) {
    HubConnection c = connections.get(connectionId);
    if (c == null) {
      return;
    }
    groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(c);
    c.groups().add(group);
    if (c.isClosed()) {
      removeFromGroup(c, group);
    }
  }

  void removeFromGroup(String connectionId, String group) {
    HubConnection c = connections.get(connectionId);
    if (c != null) {
      removeFromGroup(c, group);
    }
  }

  private void removeFromGroup(HubConnection c, String group) {
    c.groups().remove(group);
    groups.computeIfPresent(group, (g, set) -> {
      set.remove(c);
      return set.isEmpty() ? null : set;
    });
  }

  Collection<HubConnection> group(String name) {
    Set<HubConnection> set = groups.get(name);
    return set == null ? Set.of() : set;
  }

  Collection<HubConnection> user(String id) {
    Set<HubConnection> set = users.get(id);
    return set == null ? Set.of() : set;
  }

  // ---- sending

  /** Sends {@code method(args)} to every connection {@code targets} yields (duplicates skipped). */
  void send(Consumer<Consumer<HubConnection>> targets, String method, @Nullable Object[] args) {
    OutboundMessage out = new OutboundMessage(new InvocationMessage(method, Arguments.of(args == null ? new Object[0] : args)));
    try {
      Set<HubConnection> seen = new java.util.HashSet<>();
      targets.accept(c -> {
        if (seen.add(c)) {
          out.sendTo(c);
        }
      });
    } finally {
      out.release();
    }
  }

  static Consumer<Consumer<HubConnection>> of(Collection<HubConnection> connections) {
    return sink -> connections.forEach(sink);
  }

  // ---- client results

  CompletableFuture<Object> invoke(String connectionId, Type type, String method, @Nullable Object[] args) {
    HubConnection c = connections.get(connectionId);
    CompletableFuture<Object> future = new CompletableFuture<>();
    if (c == null) {
      future.completeExceptionally(new HubException("Connection '" + connectionId + "' does not exist."));
      return future;
    }
    String id = "r" + RESULT_IDS.incrementAndGet();
    results.put(id, new PendingResult(c, type, future));
    future.whenComplete((r, e) -> results.remove(id));
    boolean sent = c.send(new InvocationMessage(id, method, Arguments.of(args == null ? new Object[0] : args)));
    if (!sent) {
      results.remove(id);
      future.completeExceptionally(new HubException("Connection '" + connectionId + "' is closed."));
      return future;
    }
    CompletableFuture.delayedExecutor(resultTimeout.toMillis(), TimeUnit.MILLISECONDS, callbacks)
        .execute(() -> future.completeExceptionally(new HubException("Client '" + connectionId
            + "' did not return a result for '" + method + "' within " + resultTimeout.toMillis()
            + " ms (clientResultTimeout).")));
    return future;
  }

  /** A Completion from {@code from}; true when it answered a client-result invocation. */
  boolean tryCompleteResult(HubConnection from, CompletionMessage completion) {
    PendingResult pending = results.get(completion.invocationId());
    if (pending == null || pending.connection() != from) {
      return false;
    }
    results.remove(completion.invocationId());
    Object value = null;
    Throwable failure = null;
    switch (completion.kind()) {
      case ERROR -> failure = new HubException(completion.error());
      case VOID -> value = null;
      case RESULT -> {
        try {
          value = completion.result().bind(pending.type(), mapper);
        } catch (ArgumentBindingException e) {
          failure = new HubException("The client's result for invocation " + completion.invocationId()
              + " does not fit " + pending.type().getTypeName() + ": " + e.getMessage(), e);
        }
      }
      default -> throw new IllegalStateException();
    }
    Object v = value;
    Throwable f = failure;
    callbacks.execute(() -> {
      if (f != null) {
        pending.future().completeExceptionally(f);
      } else {
        pending.future().complete(v);
      }
    });
    return true;
  }
}
