package dev.hubbub.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.server.ClientProxy;
import dev.hubbub.server.GroupManager;
import dev.hubbub.server.HubCallerClients;
import dev.hubbub.server.HubContext;
import dev.hubbub.server.HubException;
import dev.hubbub.server.SingleClientProxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The hub's {@link HubContext} clients (no caller) and, with a caller, a hub method's
 * {@link HubCallerClients}: each proxy names a {@link SendTarget}, and every send, group change and client
 * result goes through the hub's {@link HubLifetimeManager}, wherever the targets are. Selections are resolved
 * when a message is sent, not when the proxy is made.
 */
final class Clients implements HubCallerClients, HubContext, GroupManager {
  private final Shared shared;
  private final @Nullable String callerId;

  /** What every {@link Clients} of one hub shares. */
  record Shared(HubLifetimeManager lifetime, ObjectMapper mapper, Executor callbacks, Duration resultTimeout) {}

  Clients(Shared shared, @Nullable String callerId) {
    this.shared = shared;
    this.callerId = callerId;
  }

  private ClientProxy to(SendTarget target) {
    return (method, args) -> send(target, method, args);
  }

  private CompletableFuture<Void> send(SendTarget target, String method, @Nullable Object @Nullable [] args) {
    OutboundMessage message = OutboundMessage.of(new InvocationMessage(method, arguments(args)));
    return shared.lifetime().send(target, message).whenComplete((r, e) -> message.release());
  }

  private static Arguments arguments(@Nullable Object @Nullable [] args) {
    return Arguments.of(args == null ? new Object[0] : args);
  }

  private String callerId() {
    if (callerId == null) {
      throw new IllegalStateException("There is no caller outside a hub method; use client(connectionId)");
    }
    return callerId;
  }

  @Override
  public ClientProxy all() {
    return to(SendTarget.all());
  }

  @Override
  public ClientProxy allExcept(Collection<String> excludedConnectionIds) {
    return to(SendTarget.allExcept(excludedConnectionIds));
  }

  @Override
  public SingleClientProxy client(String connectionId) {
    return new SingleClientProxy() {
      @Override
      public CompletableFuture<Void> send(String method, @Nullable Object... args) {
        return Clients.this.send(SendTarget.connection(connectionId), method, args);
      }

      @Override
      public <T> CompletableFuture<T> invoke(Class<T> resultType, String method, @Nullable Object... args) {
        return invoke((Type) resultType, method, args);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> CompletableFuture<T> invoke(Type resultType, String method, @Nullable Object... args) {
        return (CompletableFuture<T>) result(connectionId, resultType, method, args);
      }
    };
  }

  /**
   * A client result: the lifetime manager routes the invocation and its Completion; the result is bound to
   * {@code type} and handed over on the callback executor, never on a network thread.
   */
  private CompletableFuture<@Nullable Object> result(String connectionId, Type type, String method,
      @Nullable Object @Nullable [] args) {
    CompletableFuture<CompletionMessage> completion =
        shared.lifetime().invokeConnection(connectionId, method, arguments(args));
    Duration timeout = shared.resultTimeout();
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS, shared.callbacks())
        .execute(() -> completion.completeExceptionally(new HubException("Client '" + connectionId
            + "' did not return a result for '" + method + "' within " + timeout.toMillis()
            + " ms (clientResultTimeout).")));
    CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
    completion.whenCompleteAsync((message, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        result.completeExceptionally(cause instanceof HubException ? cause
            : new HubException(String.valueOf(cause.getMessage()), cause));
        return;
      }
      try {
        result.complete(bind(message, type));
      } catch (HubException e) {
        result.completeExceptionally(e);
      }
    }, shared.callbacks());
    return result;
  }

  private @Nullable Object bind(CompletionMessage completion, Type type) {
    RawValue value = completion.result();
    if (completion.kind() == CompletionMessage.Kind.ERROR) {
      throw new HubException(String.valueOf(completion.error()));
    }
    if (value == null) {
      return null;
    }
    try {
      return value.bind(type, shared.mapper());
    } catch (ArgumentBindingException e) {
      throw new HubException("The client's result for invocation " + completion.invocationId()
          + " does not fit " + type.getTypeName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ClientProxy clients(Collection<String> connectionIds) {
    return to(SendTarget.connections(connectionIds));
  }

  @Override
  public ClientProxy group(String groupName) {
    return to(SendTarget.group(groupName));
  }

  @Override
  public ClientProxy groups(Collection<String> groupNames) {
    return to(SendTarget.groups(groupNames));
  }

  @Override
  public ClientProxy groupExcept(String groupName, Collection<String> excludedConnectionIds) {
    return to(SendTarget.groupExcept(groupName, excludedConnectionIds));
  }

  @Override
  public ClientProxy user(String userId) {
    return to(SendTarget.user(userId));
  }

  @Override
  public ClientProxy users(Collection<String> userIds) {
    return to(SendTarget.users(userIds));
  }

  @Override
  public SingleClientProxy caller() {
    return client(callerId());
  }

  @Override
  public ClientProxy others() {
    return to(SendTarget.allExcept(List.of(callerId())));
  }

  @Override
  public ClientProxy othersInGroup(String groupName) {
    return to(SendTarget.groupExcept(groupName, List.of(callerId())));
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
    return shared.lifetime().addToGroup(connectionId, groupName).thenApply(found -> null);
  }

  @Override
  public CompletableFuture<Void> remove(String connectionId, String groupName) {
    return shared.lifetime().removeFromGroup(connectionId, groupName).thenApply(found -> null);
  }
}
