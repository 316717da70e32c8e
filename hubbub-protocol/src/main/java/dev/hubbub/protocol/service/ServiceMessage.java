package dev.hubbub.protocol.service;

/**
 * A message of the Azure SignalR service protocol: one MessagePack array {@code [type, fields...]}.
 * There is one record per type id, 1 to 40; see {@link ServiceProtocol}.
 */
public sealed interface ServiceMessage permits
    HandshakeRequestMessage,
    HandshakeResponseMessage,
    PingMessage,
    OpenConnectionMessage,
    CloseConnectionMessage,
    ConnectionDataMessage,
    MultiConnectionDataMessage,
    UserDataMessage,
    MultiUserDataMessage,
    BroadcastDataMessage,
    JoinGroupMessage,
    LeaveGroupMessage,
    GroupBroadcastDataMessage,
    MultiGroupBroadcastDataMessage,
    ServiceErrorMessage,
    UserJoinGroupMessage,
    UserLeaveGroupMessage,
    JoinGroupWithAckMessage,
    LeaveGroupWithAckMessage,
    AckMessage,
    CheckUserInGroupWithAckMessage,
    ServiceEventMessage,
    CheckGroupExistenceWithAckMessage,
    CheckConnectionExistenceWithAckMessage,
    CheckUserExistenceWithAckMessage,
    UserJoinGroupWithAckMessage,
    UserLeaveGroupWithAckMessage,
    AccessKeyRequestMessage,
    AccessKeyResponseMessage,
    CloseConnectionWithAckMessage,
    CloseConnectionsWithAckMessage,
    CloseUserConnectionsWithAckMessage,
    CloseGroupConnectionsWithAckMessage,
    ClientInvocationMessage,
    ClientCompletionMessage,
    ErrorCompletionMessage,
    ServiceMappingMessage,
    ConnectionReconnectMessage,
    ConnectionFlowControlMessage,
    GroupMemberQueryMessage {
  /** The message type id, the first array element. */
  int type();
}
