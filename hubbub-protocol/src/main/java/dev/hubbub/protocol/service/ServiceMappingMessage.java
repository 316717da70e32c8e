package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Tells which service instance holds the connection of a client invocation. Type 37, service to server.
 *
 * <p>Wire: {@code [37, InvocationId, ConnectionId, InstanceId, Ext]}. Older SDKs write only the first 3
 * fields; the rest then take their defaults.
 *
 * @param invocationId InvocationId
 * @param connectionId ConnectionId
 * @param instanceId InstanceId
 * @param extensions the extension map
 */
public record ServiceMappingMessage(
    String invocationId,
    String connectionId,
    String instanceId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 37;

  /** Checks required fields and copies collections and buffers. */
  public ServiceMappingMessage {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only invocationId, connectionId, instanceId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ServiceMappingMessage(String invocationId, String connectionId, String instanceId) {
    this(invocationId, connectionId, instanceId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
