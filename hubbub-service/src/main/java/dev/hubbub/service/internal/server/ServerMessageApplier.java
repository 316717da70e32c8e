package dev.hubbub.service.internal.server;

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
import dev.hubbub.service.internal.hub.ClientConnectionHandler;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.service.internal.hub.HubState;
import dev.hubbub.service.internal.hub.OutboundMessage;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Applies what an app server asks of the service to the hub's clients: the multicast data messages (each
 * carries one framed hub message per protocol; every client gets the bytes of its own protocol), group and
 * user membership, existence checks and closes, answering the {@code *WithAck} ones with an {@link AckMessage}
 * (status 1 Ok/true, 2 NotFound/false).
 *
 * <p>Runs on the server connection's event loop; it only queues writes, never blocks.
 */
final class ServerMessageApplier {

  private ServerMessageApplier() {}

  /** Applies {@code message}; false when the type is not one this class handles. */
  static boolean apply(ServerConnection server, HubState<ClientSession> hub, ServiceMessage message) {
    if (message instanceof MultiConnectionDataMessage m) {
      send(m.payloads(), c -> m.connectionList().forEach(id -> accept(hub.connection(id), c)));
    } else if (message instanceof UserDataMessage m) {
      send(m.payloads(), c -> hub.userConnections(m.userId()).forEach(c));
    } else if (message instanceof MultiUserDataMessage m) {
      send(m.payloads(), c -> m.userList().forEach(u -> hub.userConnections(u).forEach(c)));
    } else if (message instanceof BroadcastDataMessage m) {
      Set<String> excluded = Set.copyOf(m.excludedList());
      send(m.payloads(), c -> hub.connections().forEach(s -> {
        if (!excluded.contains(s.connectionId())) {
          c.accept(s);
        }
      }));
    } else if (message instanceof GroupBroadcastDataMessage m) {
      Set<String> excludedUsers = Set.copyOf(m.excludedUserList());
      send(m.payloads(), c -> hub.forEachInGroup(m.groupName(), Set.copyOf(m.excludedList()), s -> {
        if (s.userId() == null || !excludedUsers.contains(s.userId())) {
          c.accept(s);
        }
      }));
    } else if (message instanceof MultiGroupBroadcastDataMessage m) {
      Set<String> seen = new HashSet<>();
      send(m.payloads(), c -> m.groupList().forEach(g -> hub.forEachInGroup(g, List.of(), s -> {
        if (seen.add(s.connectionId())) {
          c.accept(s);
        }
      })));
    } else if (message instanceof JoinGroupMessage m) {
      hub.addToGroup(m.connectionId(), m.groupName());
    } else if (message instanceof LeaveGroupMessage m) {
      leave(hub, m.connectionId(), m.groupName());
    } else if (message instanceof JoinGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.addToGroup(m.connectionId(), m.groupName()), "Connection does not exist.");
    } else if (message instanceof LeaveGroupWithAckMessage m) {
      boolean exists = hub.connection(m.connectionId()) != null;
      leave(hub, m.connectionId(), m.groupName());
      ack(server, m.ackId(), exists, "Connection does not exist.");
    } else if (message instanceof UserJoinGroupMessage m) {
      hub.addUserToGroup(m.userId(), m.groupName(), m.extensions().ttl());
    } else if (message instanceof UserLeaveGroupMessage m) {
      userLeave(hub, m.userId(), m.groupName());
    } else if (message instanceof UserJoinGroupWithAckMessage m) {
      hub.addUserToGroup(m.userId(), m.groupName(), m.extensions().ttl());
      ack(server, m.ackId(), true, "");
    } else if (message instanceof UserLeaveGroupWithAckMessage m) {
      userLeave(hub, m.userId(), m.groupName());
      ack(server, m.ackId(), true, "");
    } else if (message instanceof CheckUserInGroupWithAckMessage m) {
      ack(server, m.ackId(), hub.isUserInGroup(m.userId(), m.groupName()), "User is not in the group.");
    } else if (message instanceof CheckGroupExistenceWithAckMessage m) {
      ack(server, m.ackId(), hub.groupHasConnections(m.groupName()), "Group does not exist.");
    } else if (message instanceof CheckConnectionExistenceWithAckMessage m) {
      ack(server, m.ackId(), hub.connection(m.connectionId()) != null, "Connection does not exist.");
    } else if (message instanceof CheckUserExistenceWithAckMessage m) {
      ack(server, m.ackId(), !hub.userConnections(m.userId()).isEmpty(), "User does not exist.");
    } else if (message instanceof CloseConnectionWithAckMessage m) {
      ClientSession s = hub.connection(m.connectionId());
      if (s != null) {
        ClientConnectionHandler.close(s, m.reason(), false);
      }
      ack(server, m.ackId(), s != null, "Connection does not exist.");
    } else if (message instanceof CloseConnectionsWithAckMessage m) {
      closeAll(hub.connections(), m.excludedList(), m.reason());
      ack(server, m.ackId(), true, "");
    } else if (message instanceof CloseUserConnectionsWithAckMessage m) {
      closeAll(hub.userConnections(m.userId()), m.excludedList(), m.reason());
      ack(server, m.ackId(), true, "");
    } else if (message instanceof CloseGroupConnectionsWithAckMessage m) {
      closeAll(hub.groupMembers(m.groupName()), m.excludedList(), m.reason());
      ack(server, m.ackId(), true, "");
    } else {
      return false;
    }
    return true;
  }

  private static void accept(@Nullable ClientSession session, Consumer<ClientSession> consumer) {
    if (session != null) {
      consumer.accept(session);
    }
  }

  /** Sends the payload of each target's protocol; targets are found by {@code targets}. */
  private static void send(Payloads payloads, Consumer<Consumer<ClientSession>> targets) {
    Map<String, byte[]> byProtocol = new HashMap<>();
    for (String protocol : payloads.protocols()) {
      byProtocol.putIfAbsent(protocol.toLowerCase(Locale.ROOT), payloads.bytes(protocol).orElseThrow());
    }
    OutboundMessage outbound = OutboundMessage.preEncoded(byProtocol);
    try {
      targets.accept(session -> {
        if (!session.closing()) {
          outbound.sendTo(session);
        }
      });
    } finally {
      outbound.release();
    }
  }

  private static void leave(HubState<ClientSession> hub, String connectionId, @Nullable String group) {
    if (group == null) {
      hub.removeFromAllGroups(connectionId);
    } else {
      hub.removeFromGroup(connectionId, group);
    }
  }

  private static void userLeave(HubState<ClientSession> hub, String user, @Nullable String group) {
    if (group == null) {
      hub.removeUserFromAllGroups(user);
    } else {
      hub.removeUserFromGroup(user, group);
    }
  }

  private static void closeAll(Collection<ClientSession> sessions, List<String> excluded, @Nullable String reason) {
    Set<String> skip = Set.copyOf(excluded);
    for (ClientSession s : List.copyOf(sessions)) {
      if (!skip.contains(s.connectionId())) {
        ClientConnectionHandler.close(s, reason, false);
      }
    }
  }

  private static void ack(ServerConnection server, int ackId, boolean ok, String notFound) {
    server.send(new AckMessage(ackId, ok ? AckStatus.OK.code() : AckStatus.NOT_FOUND.code(), ok ? "" : notFound,
        MessageExtensions.NONE, null));
  }
}
