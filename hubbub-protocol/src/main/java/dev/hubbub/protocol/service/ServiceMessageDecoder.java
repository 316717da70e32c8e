package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of each message type, accepting the shorter arrays of older SDKs (missing trailing
 * fields take their defaults). Entry point: {@link ServiceProtocol#parse(java.nio.ByteBuffer)}.
 */
final class ServiceMessageDecoder {
  private ServiceMessageDecoder() {}

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
}
