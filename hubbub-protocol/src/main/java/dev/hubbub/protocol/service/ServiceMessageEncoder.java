package dev.hubbub.protocol.service;

/**
 * Writes each message type in the current SDK's array layout, with only the extension keys the type
 * understands. Entry point: {@link ServiceProtocol#write(ServiceMessage)}.
 */
final class ServiceMessageEncoder {
  private ServiceMessageEncoder() {}

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
