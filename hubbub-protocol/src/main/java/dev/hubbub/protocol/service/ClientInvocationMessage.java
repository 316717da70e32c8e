package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * A server invokes a client and expects a result (client results). Type 34, server to service.
 *
 * <p>Wire: {@code [34, InvocationId, ConnectionId, CallerServerId, Payloads, Ext]}. Older SDKs write only
 * the first 4 fields; the rest then take their defaults.
 *
 * @param invocationId InvocationId
 * @param connectionId ConnectionId
 * @param callerServerId CallerServerId
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record ClientInvocationMessage(
    String invocationId,
    String connectionId,
    String callerServerId,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 34;

  /** Checks required fields and copies collections and buffers. */
  public ClientInvocationMessage {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(callerServerId, "callerServerId");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only invocationId, connectionId, callerServerId, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ClientInvocationMessage(String invocationId, String connectionId, String callerServerId, Payloads payloads) {
    this(invocationId, connectionId, callerServerId, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
