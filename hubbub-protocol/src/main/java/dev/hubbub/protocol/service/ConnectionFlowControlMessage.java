package dev.hubbub.protocol.service;

import java.util.Objects;
import java.util.Optional;

/**
 * Pauses or resumes traffic of a connection. Both integers are always written as fixed int32 ({@code
 * 0xd2}), as the SDK does. Type 39, both.
 *
 * <p>Wire: {@code [39, ConnectionId, ConnectionType, Operation, Ext]}. Older SDKs write only the first 3
 * fields; the rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param connectionType ConnectionType
 * @param operation Operation
 * @param extensions the extension map
 */
public record ConnectionFlowControlMessage(
    String connectionId,
    int connectionType,
    int operation,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 39;

  /** Checks required fields and copies collections and buffers. */
  public ConnectionFlowControlMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, connectionType, operation; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ConnectionFlowControlMessage(String connectionId, int connectionType, int operation) {
    this(connectionId, connectionType, operation, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** The typed connection type; empty for values this version does not know. */
  public Optional<FlowControlConnectionType> knownConnectionType() {
    return FlowControlConnectionType.fromCode(connectionType);
  }

  /** The typed operation; empty for values this version does not know. */
  public Optional<FlowControlOperation> knownOperation() {
    return FlowControlOperation.fromCode(operation);
  }
}
