package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Adds a connection to a group; the service answers with an {@link AckMessage}. Type 18, server to service.
 *
 * <p>Wire: {@code [18, ConnectionId, GroupName, AckId, Ext]}. Older SDKs write only the first 3 fields;
 * the rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param groupName GroupName
 * @param ackId AckId
 * @param extensions the extension map
 */
public record JoinGroupWithAckMessage(
    String connectionId,
    String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 18;

  /** Checks required fields and copies collections and buffers. */
  public JoinGroupWithAckMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public JoinGroupWithAckMessage(String connectionId, String groupName, int ackId) {
    this(connectionId, groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
