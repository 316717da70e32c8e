package dev.hubbub.service.internal.server;

import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.AckStatus;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.CheckConnectionExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckGroupExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserInGroupWithAckMessage;
import dev.hubbub.protocol.service.CloseConnectionWithAckMessage;
import dev.hubbub.protocol.service.CloseConnectionsWithAckMessage;
import dev.hubbub.protocol.service.CloseGroupConnectionsWithAckMessage;
import dev.hubbub.protocol.service.CloseUserConnectionsWithAckMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.JoinGroupMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.protocol.service.UserJoinGroupMessage;
import dev.hubbub.protocol.service.UserJoinGroupWithAckMessage;
import dev.hubbub.protocol.service.UserLeaveGroupMessage;
import dev.hubbub.protocol.service.UserLeaveGroupWithAckMessage;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what an app server asks of the service to the hub's clients through its
 * {@link ServiceLifetimeManager}, with one {@link SendTarget} per message: the multicast data messages (each
 * carries one framed hub message per protocol; every client gets the bytes of its own protocol), group and user
 * membership, existence checks and closes, answering the {@code *WithAck} ones with an {@link AckMessage}
 * (status 1 Ok/true, 2 NotFound/false; 4 InternalServerError when the operation failed) once the operation completed.
 *
 * <p>Runs on the server connection's event loop; it only queues writes and never blocks.
 */
final class ServerMessageApplier {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.servers");

  private ServerMessageApplier() {}

  /** Applies {@code message}; false when the type is not one this class handles. */
  static boolean apply(ServerConnection server, ServiceLifetimeManager hub, ServiceMessage message) {
    SendTarget target = target(message);
    if (target != null) {
      send(hub, target, payloads(message));
    } else if (message instanceof JoinGroupMessage m) {
      hub.addToGroup(m.connectionId(), m.groupName());
    } else if (message instanceof LeaveGroupMessage m) {
      leave(hub, m.connectionId(), m.groupName());
    } else if (message instanceof JoinGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.addToGroup(m.connectionId(), m.groupName()), "Connection does not exist.");
    } else if (message instanceof LeaveGroupWithAckMessage m) {
      ack(server, m.ackId(), leave(hub, m.connectionId(), m.groupName()), "Connection does not exist.");
    } else if (message instanceof UserJoinGroupMessage m) {
      hub.addUserToGroup(m.userId(), m.groupName(), ttl(m.extensions()));
    } else if (message instanceof UserLeaveGroupMessage m) {
      hub.removeUserFromGroup(m.userId(), m.groupName());
    } else if (message instanceof UserJoinGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.addUserToGroup(m.userId(), m.groupName(), ttl(m.extensions())).thenApply(v -> true),
          "");
    } else if (message instanceof UserLeaveGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.removeUserFromGroup(m.userId(), m.groupName()).thenApply(v -> true), "");
    } else if (message instanceof CheckUserInGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.isUserInGroup(m.userId(), m.groupName()), "User is not in the group.");
    } else if (message instanceof CheckGroupExistenceWithAckMessage m) {
      ack(server, m.ackId(), hub.groupExists(m.groupName()), "Group does not exist.");
    } else if (message instanceof CheckConnectionExistenceWithAckMessage m) {
      ack(server, m.ackId(), hub.connectionExists(m.connectionId()), "Connection does not exist.");
    } else if (message instanceof CheckUserExistenceWithAckMessage m) {
      ack(server, m.ackId(), hub.userExists(m.userId()), "User does not exist.");
    } else if (message instanceof CloseConnectionWithAckMessage m) {
      ack(server, m.ackId(), hub.close(SendTarget.connection(m.connectionId()), m.reason()),
          "Connection does not exist.");
    } else if (message instanceof CloseConnectionsWithAckMessage m) {
      ack(server, m.ackId(), hub.close(SendTarget.allExcept(m.excludedList()), m.reason()).thenApply(any -> true), "");
    } else if (message instanceof CloseUserConnectionsWithAckMessage m) {
      ack(server, m.ackId(), hub.close(SendTarget.user(m.userId()).except(m.excludedList()), m.reason())
          .thenApply(any -> true), "");
    } else if (message instanceof CloseGroupConnectionsWithAckMessage m) {
      ack(server, m.ackId(), hub.close(SendTarget.groupExcept(m.groupName(), m.excludedList()), m.reason())
          .thenApply(any -> true), "");
    } else {
      return false;
    }
    return true;
  }

  /** Who a data message is for, or null when {@code message} is not a data message. */
  static @Nullable SendTarget target(ServiceMessage message) {
    if (message instanceof MultiConnectionDataMessage m) {
      return SendTarget.connections(m.connectionList());
    } else if (message instanceof UserDataMessage m) {
      return SendTarget.user(m.userId());
    } else if (message instanceof MultiUserDataMessage m) {
      return SendTarget.users(m.userList());
    } else if (message instanceof BroadcastDataMessage m) {
      return SendTarget.allExcept(m.excludedList());
    } else if (message instanceof GroupBroadcastDataMessage m) {
      return SendTarget.groupExcept(m.groupName(), m.excludedList()).exceptUsers(m.excludedUserList());
    } else if (message instanceof MultiGroupBroadcastDataMessage m) {
      return SendTarget.groups(m.groupList());
    }
    return null;
  }

  private static Payloads payloads(ServiceMessage message) {
    if (message instanceof MultiConnectionDataMessage m) {
      return m.payloads();
    } else if (message instanceof UserDataMessage m) {
      return m.payloads();
    } else if (message instanceof MultiUserDataMessage m) {
      return m.payloads();
    } else if (message instanceof BroadcastDataMessage m) {
      return m.payloads();
    } else if (message instanceof GroupBroadcastDataMessage m) {
      return m.payloads();
    }
    return ((MultiGroupBroadcastDataMessage) message).payloads();
  }

  /** Sends the payload of each target's protocol. */
  private static void send(ServiceLifetimeManager hub, SendTarget target, Payloads payloads) {
    OutboundMessage outbound = OutboundMessage.preEncoded(payloads);
    hub.send(target, outbound).whenComplete((r, e) -> {
      outbound.release();
      if (e != null) {
        log.warn("A send to {} did not reach every node: {}", SendTarget.describe(target), e.toString());
      }
    });
  }

  private static CompletableFuture<Boolean> leave(ServiceLifetimeManager hub, String connectionId,
      @Nullable String group) {
    if (group == null) {
      return hub.connectionExists(connectionId).thenCompose(exists ->
          hub.removeFromAllGroups(connectionId).thenApply(v -> exists));
    }
    return hub.removeFromGroup(connectionId, group);
  }

  private static @Nullable Duration ttl(MessageExtensions extensions) {
    Integer seconds = extensions.ttl();
    return seconds == null ? null : Duration.ofSeconds(seconds);
  }

  private static void ack(ServerConnection server, int ackId, CompletableFuture<Boolean> outcome, String notFound) {
    outcome.whenComplete((ok, failure) -> {
      if (failure != null) {
        server.send(new AckMessage(ackId, AckStatus.INTERNAL_SERVER_ERROR.code(), String.valueOf(failure.getMessage()),
            MessageExtensions.NONE, null));
      } else {
        server.send(new AckMessage(ackId, ok ? AckStatus.OK.code() : AckStatus.NOT_FOUND.code(), ok ? "" : notFound,
            MessageExtensions.NONE, null));
      }
    });
  }
}
