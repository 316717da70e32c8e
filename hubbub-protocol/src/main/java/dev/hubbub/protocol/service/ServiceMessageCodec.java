package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Field-by-field layouts of every message type; see {@link ServiceProtocol} for the public entry points. */
final class ServiceMessageCodec {
  private ServiceMessageCodec() {}

  /** Reads the fields after the type id; empty for unknown type ids. */
  static Optional<ServiceMessage> read(int type, MessageReader r) throws ProtocolException {
    ServiceMessage message = switch (type) {
      case PingMessage.TYPE -> {
        r.named("Ping message");
        yield PingMessage.read(r);
      }
      case HandshakeRequestMessage.TYPE -> {
        r.named("HandshakeRequest message");
        yield new HandshakeRequestMessage(
            r.int32("Version"),
            r.has() ? r.int32("ConnectionType") : 0,
            r.has() ? r.emptyIfNil("Target") : "",
            r.has() ? r.int32("MigrationLevel") : 0,
            r.has() ? r.extensions() : MessageExtensions.NONE,
            r.has() ? r.bool("AllowStatefulReconnects") : false);
      }
      case HandshakeResponseMessage.TYPE -> {
        r.named("HandshakeResponse message");
        yield new HandshakeResponseMessage(
            r.nullableString("ErrorMessage"),
            r.has() ? r.extensions() : MessageExtensions.NONE,
            r.has() ? r.nullableString("ConnectionId") : null);
      }
      case OpenConnectionMessage.TYPE -> {
        r.named("OpenConnection message");
        yield new OpenConnectionMessage(
            r.string("ConnectionId"),
            r.claims("Claims"),
            r.has() ? r.headers("Headers") : Map.of(),
            r.has() ? r.nullableString("QueryString") : null,
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CloseConnectionMessage.TYPE -> {
        r.named("CloseConnection message");
        yield new CloseConnectionMessage(
            r.string("ConnectionId"),
            r.has() ? r.emptyIfNil("ErrorMessage") : "",
            r.has() ? r.headers("Headers") : Map.of(),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ConnectionDataMessage.TYPE -> {
        r.named("ConnectionData message");
        yield new ConnectionDataMessage(
            r.string("ConnectionId"),
            r.bytes("Payload"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case MultiConnectionDataMessage.TYPE -> {
        r.named("MultiConnectionData message");
        yield new MultiConnectionDataMessage(
            r.stringList("ConnectionList"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case UserDataMessage.TYPE -> {
        r.named("UserData message");
        yield new UserDataMessage(
            r.string("UserId"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case MultiUserDataMessage.TYPE -> {
        r.named("MultiUserData message");
        yield new MultiUserDataMessage(
            r.stringList("UserList"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case BroadcastDataMessage.TYPE -> {
        r.named("BroadcastData message");
        yield new BroadcastDataMessage(
            r.stringList("ExcludedList"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case JoinGroupMessage.TYPE -> {
        r.named("JoinGroup message");
        yield new JoinGroupMessage(
            r.string("ConnectionId"),
            r.string("GroupName"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case LeaveGroupMessage.TYPE -> {
        r.named("LeaveGroup message");
        yield new LeaveGroupMessage(
            r.string("ConnectionId"),
            r.nullableString("GroupName"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case GroupBroadcastDataMessage.TYPE -> {
        r.named("GroupBroadcastData message");
        yield new GroupBroadcastDataMessage(
            r.string("GroupName"),
            r.stringList("ExcludedList"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE,
            r.has() ? r.stringList("ExcludedUserList") : List.of(),
            r.has() ? r.nullableString("CallerUserId") : null);
      }
      case MultiGroupBroadcastDataMessage.TYPE -> {
        r.named("MultiGroupBroadcastData message");
        yield new MultiGroupBroadcastDataMessage(
            r.stringList("GroupList"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ServiceErrorMessage.TYPE -> {
        r.named("ServiceError message");
        yield new ServiceErrorMessage(
            r.nullableString("ErrorMessage"));
      }
      case UserJoinGroupMessage.TYPE -> {
        r.named("UserJoinGroup message");
        yield new UserJoinGroupMessage(
            r.string("UserId"),
            r.string("GroupName"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case UserLeaveGroupMessage.TYPE -> {
        r.named("UserLeaveGroup message");
        yield new UserLeaveGroupMessage(
            r.string("UserId"),
            r.nullableString("GroupName"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case JoinGroupWithAckMessage.TYPE -> {
        r.named("JoinGroupWithAck message");
        yield new JoinGroupWithAckMessage(
            r.string("ConnectionId"),
            r.string("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case LeaveGroupWithAckMessage.TYPE -> {
        r.named("LeaveGroupWithAck message");
        yield new LeaveGroupWithAckMessage(
            r.string("ConnectionId"),
            r.nullableString("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case AckMessage.TYPE -> {
        r.named("Ack message");
        yield new AckMessage(
            r.int32("AckId"),
            r.int32("Status"),
            r.has() ? r.emptyIfNil("Message") : "",
            r.has() ? r.extensions() : MessageExtensions.NONE,
            r.has() ? r.nullableBytes("Payload") : null);
      }
      case CheckUserInGroupWithAckMessage.TYPE -> {
        r.named("CheckUserInGroupWithAck message");
        yield new CheckUserInGroupWithAckMessage(
            r.string("UserId"),
            r.string("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ServiceEventMessage.TYPE -> {
        r.named("ServiceEvent message");
        yield new ServiceEventMessage(
            r.int32("Type"),
            r.nullableString("Id"),
            r.int32("Kind"),
            r.nullableString("Message"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CheckGroupExistenceWithAckMessage.TYPE -> {
        r.named("CheckGroupExistenceWithAck message");
        yield new CheckGroupExistenceWithAckMessage(
            r.string("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CheckConnectionExistenceWithAckMessage.TYPE -> {
        r.named("CheckConnectionExistenceWithAck message");
        yield new CheckConnectionExistenceWithAckMessage(
            r.string("ConnectionId"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CheckUserExistenceWithAckMessage.TYPE -> {
        r.named("CheckUserExistenceWithAck message");
        yield new CheckUserExistenceWithAckMessage(
            r.string("UserId"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case UserJoinGroupWithAckMessage.TYPE -> {
        r.named("UserJoinGroupWithAck message");
        yield new UserJoinGroupWithAckMessage(
            r.string("UserId"),
            r.string("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case UserLeaveGroupWithAckMessage.TYPE -> {
        r.named("UserLeaveGroupWithAck message");
        yield new UserLeaveGroupWithAckMessage(
            r.string("UserId"),
            r.nullableString("GroupName"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case AccessKeyRequestMessage.TYPE -> {
        r.named("AccessKeyRequest message");
        yield new AccessKeyRequestMessage(
            r.string("Token"),
            r.has() ? r.nullableString("Kid") : null,
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case AccessKeyResponseMessage.TYPE -> {
        r.named("AccessKeyResponse message");
        yield new AccessKeyResponseMessage(
            r.nullableString("Kid"),
            r.nullableString("AccessKey"),
            r.nullableString("ErrorType"),
            r.nullableString("ErrorMessage"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CloseConnectionWithAckMessage.TYPE -> {
        r.named("CloseConnectionWithAck message");
        yield new CloseConnectionWithAckMessage(
            r.string("ConnectionId"),
            r.nullableString("Reason"),
            r.int32("AckId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CloseConnectionsWithAckMessage.TYPE -> {
        r.named("CloseConnectionsWithAck message");
        yield new CloseConnectionsWithAckMessage(
            r.nullableString("Reason"),
            r.int32("AckId"),
            r.has() ? r.stringList("ExcludedList") : List.of(),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CloseUserConnectionsWithAckMessage.TYPE -> {
        r.named("CloseUserConnectionsWithAck message");
        yield new CloseUserConnectionsWithAckMessage(
            r.string("UserId"),
            r.nullableString("Reason"),
            r.int32("AckId"),
            r.has() ? r.stringList("ExcludedList") : List.of(),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case CloseGroupConnectionsWithAckMessage.TYPE -> {
        r.named("CloseGroupConnectionsWithAck message");
        yield new CloseGroupConnectionsWithAckMessage(
            r.string("GroupName"),
            r.nullableString("Reason"),
            r.int32("AckId"),
            r.has() ? r.stringList("ExcludedList") : List.of(),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ClientInvocationMessage.TYPE -> {
        r.named("ClientInvocation message");
        yield new ClientInvocationMessage(
            r.string("InvocationId"),
            r.string("ConnectionId"),
            r.string("CallerServerId"),
            r.payloads("Payloads"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ClientCompletionMessage.TYPE -> {
        r.named("ClientCompletion message");
        yield new ClientCompletionMessage(
            r.string("InvocationId"),
            r.string("ConnectionId"),
            r.string("CallerServerId"),
            r.string("Protocol"),
            r.bytes("Payload"),
            r.extensions());
      }
      case ErrorCompletionMessage.TYPE -> {
        r.named("ErrorCompletion message");
        yield new ErrorCompletionMessage(
            r.string("InvocationId"),
            r.string("ConnectionId"),
            r.string("CallerServerId"),
            r.nullableString("Error"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ServiceMappingMessage.TYPE -> {
        r.named("ServiceMapping message");
        yield new ServiceMappingMessage(
            r.string("InvocationId"),
            r.string("ConnectionId"),
            r.string("InstanceId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ConnectionReconnectMessage.TYPE -> {
        r.named("ConnectionReconnect message");
        yield new ConnectionReconnectMessage(
            r.string("ConnectionId"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case ConnectionFlowControlMessage.TYPE -> {
        r.named("ConnectionFlowControl message");
        yield new ConnectionFlowControlMessage(
            r.string("ConnectionId"),
            r.int32("ConnectionType"),
            r.int32("Operation"),
            r.has() ? r.extensions() : MessageExtensions.NONE);
      }
      case GroupMemberQueryMessage.TYPE -> {
        r.named("GroupMemberQuery message");
        yield new GroupMemberQueryMessage(
            r.extensions(),
            r.string("GroupName"),
            r.int32("AckId"),
            r.int32("Max"),
            r.has() ? r.nullableString("ContinuationToken") : null);
      }
      default -> null;
    };
    return Optional.ofNullable(message);
  }

  /** Writes a whole message array (unframed). */
  static MessageWriter write(ServiceMessage message) {
    if (message instanceof PingMessage x) {
      return x.write(new MessageWriter());
    }
    if (message instanceof HandshakeRequestMessage x) {
      return new MessageWriter().begin(HandshakeRequestMessage.TYPE, 7)
          .int32(x.version())
          .int32(x.connectionType())
          .string(x.target())
          .int32(x.migrationLevel())
          .extensions(x.extensions(), 0)
          .bool(x.allowStatefulReconnects());
    }
    if (message instanceof HandshakeResponseMessage x) {
      return new MessageWriter().begin(HandshakeResponseMessage.TYPE, 4)
          .string(x.errorMessage())
          .extensions(x.extensions(), 0)
          .string(x.connectionId());
    }
    if (message instanceof OpenConnectionMessage x) {
      return new MessageWriter().begin(OpenConnectionMessage.TYPE, 6)
          .string(x.connectionId())
          .claims(x.claims())
          .headers(x.headers())
          .string(x.queryString())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.PROTOCOL));
    }
    if (message instanceof CloseConnectionMessage x) {
      return new MessageWriter().begin(CloseConnectionMessage.TYPE, 5)
          .string(x.connectionId())
          .string(x.errorMessage())
          .headers(x.headers())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ConnectionDataMessage x) {
      return new MessageWriter().begin(ConnectionDataMessage.TYPE, 4)
          .string(x.connectionId())
          .bytes(x.payload())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.DATA_MESSAGE_TYPE) | (1 << MessageExtensions.IS_PARTIAL));
    }
    if (message instanceof MultiConnectionDataMessage x) {
      return new MessageWriter().begin(MultiConnectionDataMessage.TYPE, 4)
          .stringList(x.connectionList())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER));
    }
    if (message instanceof UserDataMessage x) {
      return new MessageWriter().begin(UserDataMessage.TYPE, 4)
          .string(x.userId())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER));
    }
    if (message instanceof MultiUserDataMessage x) {
      return new MessageWriter().begin(MultiUserDataMessage.TYPE, 4)
          .stringList(x.userList())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER));
    }
    if (message instanceof BroadcastDataMessage x) {
      return new MessageWriter().begin(BroadcastDataMessage.TYPE, 4)
          .stringList(x.excludedList())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER));
    }
    if (message instanceof JoinGroupMessage x) {
      return new MessageWriter().begin(JoinGroupMessage.TYPE, 4)
          .string(x.connectionId())
          .string(x.groupName())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof LeaveGroupMessage x) {
      return new MessageWriter().begin(LeaveGroupMessage.TYPE, 4)
          .string(x.connectionId())
          .string(x.groupName())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof GroupBroadcastDataMessage x) {
      return new MessageWriter().begin(GroupBroadcastDataMessage.TYPE, 7)
          .string(x.groupName())
          .stringList(x.excludedList())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER))
          .stringList(x.excludedUserList())
          .string(x.callerUserId());
    }
    if (message instanceof MultiGroupBroadcastDataMessage x) {
      return new MessageWriter().begin(MultiGroupBroadcastDataMessage.TYPE, 4)
          .stringList(x.groupList())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.FILTER));
    }
    if (message instanceof ServiceErrorMessage x) {
      return new MessageWriter().begin(ServiceErrorMessage.TYPE, 2)
          .string(x.errorMessage());
    }
    if (message instanceof UserJoinGroupMessage x) {
      return new MessageWriter().begin(UserJoinGroupMessage.TYPE, 4)
          .string(x.userId())
          .string(x.groupName())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.TTL));
    }
    if (message instanceof UserLeaveGroupMessage x) {
      return new MessageWriter().begin(UserLeaveGroupMessage.TYPE, 4)
          .string(x.userId())
          .string(x.groupName())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof JoinGroupWithAckMessage x) {
      return new MessageWriter().begin(JoinGroupWithAckMessage.TYPE, 5)
          .string(x.connectionId())
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof LeaveGroupWithAckMessage x) {
      return new MessageWriter().begin(LeaveGroupWithAckMessage.TYPE, 5)
          .string(x.connectionId())
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof AckMessage x) {
      MessageWriter w = new MessageWriter().begin(AckMessage.TYPE, x.payload() == null ? 5 : 6)
          .int32(x.ackId())
          .int32(x.status())
          .string(x.message())
          .extensions(x.extensions(), 0);
      return x.payload() == null ? w : w.bytes(x.payload());
    }
    if (message instanceof CheckUserInGroupWithAckMessage x) {
      return new MessageWriter().begin(CheckUserInGroupWithAckMessage.TYPE, 5)
          .string(x.userId())
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ServiceEventMessage x) {
      return new MessageWriter().begin(ServiceEventMessage.TYPE, 6)
          .int32(x.eventType())
          .string(x.id())
          .int32(x.kind())
          .string(x.message())
          .extensions(x.extensions(), 0);
    }
    if (message instanceof CheckGroupExistenceWithAckMessage x) {
      return new MessageWriter().begin(CheckGroupExistenceWithAckMessage.TYPE, 4)
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof CheckConnectionExistenceWithAckMessage x) {
      return new MessageWriter().begin(CheckConnectionExistenceWithAckMessage.TYPE, 4)
          .string(x.connectionId())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof CheckUserExistenceWithAckMessage x) {
      return new MessageWriter().begin(CheckUserExistenceWithAckMessage.TYPE, 4)
          .string(x.userId())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof UserJoinGroupWithAckMessage x) {
      return new MessageWriter().begin(UserJoinGroupWithAckMessage.TYPE, 5)
          .string(x.userId())
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID) | (1 << MessageExtensions.TTL));
    }
    if (message instanceof UserLeaveGroupWithAckMessage x) {
      return new MessageWriter().begin(UserLeaveGroupWithAckMessage.TYPE, 5)
          .string(x.userId())
          .string(x.groupName())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof AccessKeyRequestMessage x) {
      return new MessageWriter().begin(AccessKeyRequestMessage.TYPE, 4)
          .string(x.token())
          .string(x.keyId())
          .extensions(x.extensions(), 0);
    }
    if (message instanceof AccessKeyResponseMessage x) {
      return new MessageWriter().begin(AccessKeyResponseMessage.TYPE, 6)
          .string(x.keyId())
          .string(x.accessKey())
          .string(x.errorType())
          .string(x.errorMessage())
          .extensions(x.extensions(), 0);
    }
    if (message instanceof CloseConnectionWithAckMessage x) {
      return new MessageWriter().begin(CloseConnectionWithAckMessage.TYPE, 5)
          .string(x.connectionId())
          .string(x.reason())
          .int32(x.ackId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof CloseConnectionsWithAckMessage x) {
      return new MessageWriter().begin(CloseConnectionsWithAckMessage.TYPE, 5)
          .string(x.reason())
          .int32(x.ackId())
          .stringList(x.excludedList())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof CloseUserConnectionsWithAckMessage x) {
      return new MessageWriter().begin(CloseUserConnectionsWithAckMessage.TYPE, 6)
          .string(x.userId())
          .string(x.reason())
          .int32(x.ackId())
          .stringList(x.excludedList())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof CloseGroupConnectionsWithAckMessage x) {
      return new MessageWriter().begin(CloseGroupConnectionsWithAckMessage.TYPE, 6)
          .string(x.groupName())
          .string(x.reason())
          .int32(x.ackId())
          .stringList(x.excludedList())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ClientInvocationMessage x) {
      return new MessageWriter().begin(ClientInvocationMessage.TYPE, 6)
          .string(x.invocationId())
          .string(x.connectionId())
          .string(x.callerServerId())
          .payloads(x.payloads())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ClientCompletionMessage x) {
      return new MessageWriter().begin(ClientCompletionMessage.TYPE, 7)
          .string(x.invocationId())
          .string(x.connectionId())
          .string(x.callerServerId())
          .string(x.protocol())
          .bytes(x.payload())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ErrorCompletionMessage x) {
      return new MessageWriter().begin(ErrorCompletionMessage.TYPE, 6)
          .string(x.invocationId())
          .string(x.connectionId())
          .string(x.callerServerId())
          .string(x.error())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ServiceMappingMessage x) {
      return new MessageWriter().begin(ServiceMappingMessage.TYPE, 5)
          .string(x.invocationId())
          .string(x.connectionId())
          .string(x.instanceId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ConnectionReconnectMessage x) {
      return new MessageWriter().begin(ConnectionReconnectMessage.TYPE, 3)
          .string(x.connectionId())
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID));
    }
    if (message instanceof ConnectionFlowControlMessage x) {
      return new MessageWriter().begin(ConnectionFlowControlMessage.TYPE, 5)
          .string(x.connectionId())
          .fixedInt32(x.connectionType())
          .fixedInt32(x.operation())
          .extensions(x.extensions(), 0);
    }
    if (message instanceof GroupMemberQueryMessage x) {
      return new MessageWriter().begin(GroupMemberQueryMessage.TYPE, 6)
          .extensions(x.extensions(), (1 << MessageExtensions.TRACING_ID))
          .string(x.groupName())
          .int32(x.ackId())
          .int32(x.max())
          .string(x.continuationToken());
    }
    throw new IllegalArgumentException("Unknown service message " + message.getClass());
  }
}
