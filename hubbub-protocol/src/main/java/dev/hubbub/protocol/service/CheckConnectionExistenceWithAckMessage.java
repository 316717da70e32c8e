package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Asks whether a connection exists; answered with an {@link AckMessage}. Type 24, server to service.
 *
 * <p>Wire: {@code [24, ConnectionId, AckId, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param connectionId ConnectionId
 * @param ackId AckId
 * @param extensions the extension map
 */
public record CheckConnectionExistenceWithAckMessage(
    String connectionId,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 24;

  /** Checks required fields and copies collections and buffers. */
  public CheckConnectionExistenceWithAckMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CheckConnectionExistenceWithAckMessage(String connectionId, int ackId) {
    this(connectionId, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
