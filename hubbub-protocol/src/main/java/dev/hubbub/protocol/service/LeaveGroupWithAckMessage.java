package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes a connection from a group (nil group: from every group); answered with an {@link AckMessage}.
 * Type 19, server to service.
 *
 * <p>Wire: {@code [19, ConnectionId, GroupName, AckId, Ext]}. Older SDKs write only the first 3 fields;
 * the rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param groupName GroupName (nil allowed)
 * @param ackId AckId
 * @param extensions the extension map
 */
public record LeaveGroupWithAckMessage(
    String connectionId,
    @Nullable String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 19;

  /** Checks required fields and copies collections and buffers. */
  public LeaveGroupWithAckMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public LeaveGroupWithAckMessage(String connectionId, @Nullable String groupName, int ackId) {
    this(connectionId, groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
