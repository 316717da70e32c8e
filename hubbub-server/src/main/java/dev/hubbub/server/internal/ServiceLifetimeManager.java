package dev.hubbub.server.internal;

import dev.hubbub.core.ClientResults;
import dev.hubbub.core.CurrentCaller;
import dev.hubbub.core.HubSession;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.ClientResultException;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.AckStatus;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.server.HubException;
import dev.hubbub.serviceconnection.AckTracker;
import dev.hubbub.serviceconnection.ServiceConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The lifetime manager of a hub hosted behind the SignalR service (Default mode), as Azure's server SDK has
 * one: the service fans out to the clients of every server, so sends and group changes become
 * service-protocol messages ({@code BroadcastData}, {@code GroupBroadcastData}, {@code JoinGroupWithAck}, ...).
 * Group changes complete on the service's Ack. Client results go to clients of this server, over their own
 * service connection.
 */
final class ServiceLifetimeManager implements HubLifetimeManager {
  private final ServiceConnectionPool pool;
  private final ServiceClients clients;
  private final AckTracker acks;
  private final Duration ackTimeout;
  private final HubProtocol json;
  private final HubProtocol messagePack;
  private final ClientResults results = new ClientResults();

  ServiceLifetimeManager(ServiceConnectionPool pool, ServiceClients clients, AckTracker acks, Duration ackTimeout,
      HubProtocol json, HubProtocol messagePack) {
    this.pool = pool;
    this.clients = clients;
    this.acks = acks;
    this.ackTimeout = ackTimeout;
    this.json = json;
    this.messagePack = messagePack;
  }

  @Override
  public void onConnected(HubSession session) {
    // the service knows the client already: it opened it
  }

  @Override
  public void onDisconnected(HubSession session) {
    results.failFor(session.connectionId());
  }

  /**
   * Sends on the service connection that carries the caller when hub code of a client here is running, every
   * kind of send alike: what a hub method sends reaches its caller before the method's result, which travels that
   * way too, and every receiver gets the caller's sends in the order it made them (one service connection, one
   * order). Outside hub code, a send to one client of this server goes on that client's connection, so that
   * such sends to it stay in order; anything else goes on the first connection that is up.
   */
  @Override
  public CompletableFuture<Void> send(SendTarget target, OutboundMessage message) {
    Payloads payloads = payloads(message);
    HubSession caller = CurrentCaller.get();
    ServiceConnection via = caller == null ? null : clients.carrier(caller.connectionId());
    if (target instanceof SendTarget.All all) {
      return pool.send(via, new BroadcastDataMessage(List.copyOf(all.excludedConnections()), payloads));
    } else if (target instanceof SendTarget.Connections list) {
      Set<String> ids = list.connectionIds();
      return pool.send(via == null && ids.size() == 1 ? clients.carrier(ids.iterator().next()) : via,
          new MultiConnectionDataMessage(List.copyOf(ids), payloads));
    } else if (target instanceof SendTarget.Groups groups) {
      if (groups.groups().size() == 1) {
        return pool.send(via, new GroupBroadcastDataMessage(groups.groups().iterator().next(),
            List.copyOf(groups.excludedConnections()), payloads, MessageExtensions.NONE,
            List.copyOf(groups.excludedUsers()), null));
      }
      return pool.send(via, new MultiGroupBroadcastDataMessage(List.copyOf(groups.groups()), payloads));
    }
    SendTarget.Users users = (SendTarget.Users) target;
    if (users.userIds().size() == 1) {
      return pool.send(via, new UserDataMessage(users.userIds().iterator().next(), payloads));
    }
    return pool.send(via, new MultiUserDataMessage(List.copyOf(users.userIds()), payloads));
  }

  private Payloads payloads(OutboundMessage message) {
    return Payloads.of(json.name(), message.bytes(json).orElse(new byte[0]), messagePack.name(),
        message.bytes(messagePack).orElse(new byte[0]));
  }

  @Override
  public CompletableFuture<Boolean> addToGroup(String connectionId, String group) {
    return withAck(connectionId, id -> new JoinGroupWithAckMessage(connectionId, group, id), "add", group);
  }

  @Override
  public CompletableFuture<Boolean> removeFromGroup(String connectionId, String group) {
    return withAck(connectionId, id -> new LeaveGroupWithAckMessage(connectionId, group, id), "remove", group);
  }

  private CompletableFuture<Boolean> withAck(String connectionId, IntFunction<ServiceMessage> message, String op,
      String group) {
    AckTracker.Pending pending = acks.expect(ackTimeout, () -> new HubException("The SignalR service did "
        + "not acknowledge the " + op + " of connection '" + connectionId + "' to group '" + group + "' within "
        + ackTimeout.toMillis() + " ms."));
    CompletableFuture<Void> sent = pool.send(clients.carrier(connectionId), message.apply(pending.id()));
    if (sent.isCompletedExceptionally()) {
      acks.cancel(pending);
      return sent.thenApply(v -> false);
    }
    return pending.future().thenApply(ServiceLifetimeManager::succeeded);
  }

  private static boolean succeeded(AckMessage ack) {
    if (ack.status() != AckStatus.OK.code()) {
      throw new HubException("The SignalR service refused the group operation (ack status " + ack.status()
          + (ack.message().isEmpty() ? "" : ": " + ack.message()) + ").");
    }
    return true;
  }

  @Override
  public CompletableFuture<CompletionMessage> invokeConnection(String connectionId, String target,
      Arguments arguments) {
    HubSession session = clients.client(connectionId);
    if (session == null) {
      return CompletableFuture.failedFuture(new ClientResultException("Connection '" + connectionId
          + "' is not a client of this server; client results reach clients of the server that asks."));
    }
    return results.invoke(session, target, arguments);
  }

  @Override
  public boolean setConnectionResult(String connectionId, CompletionMessage completion) {
    return results.complete(connectionId, completion);
  }
}
