package dev.hubbub.protocol.service;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The result of a client invocation, as the client's serialized completion. Type 35, server to service.
 *
 * <p>Wire: {@code [35, InvocationId, ConnectionId, CallerServerId, Protocol, Payload, Ext]}. 
 *
 * @param invocationId InvocationId
 * @param connectionId ConnectionId
 * @param callerServerId CallerServerId
 * @param protocol Protocol
 * @param payload Payload
 * @param extensions the extension map
 */
public record ClientCompletionMessage(
    String invocationId,
    String connectionId,
    String callerServerId,
    String protocol,
    ByteBuffer payload,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 35;

  /** Checks required fields and copies collections and buffers. */
  public ClientCompletionMessage {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(callerServerId, "callerServerId");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(payload, "payload");
    payload = ServiceProtocol.readOnly(payload);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only invocationId, connectionId, callerServerId, protocol, payload; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ClientCompletionMessage(String invocationId, String connectionId, String callerServerId, String protocol, ByteBuffer payload) {
    this(invocationId, connectionId, callerServerId, protocol, payload, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** Payload: a read-only view; its position is this caller's own. */
  @Override
  public ByteBuffer payload() {
    return payload.duplicate();
  }
}
