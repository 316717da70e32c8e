package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes a connection from a group (nil group: from every group), without acknowledgement. Type 12,
 * server to service.
 *
 * <p>Wire: {@code [12, ConnectionId, GroupName, Ext]}. Older SDKs write only the first 2 fields; the rest
 * then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param groupName GroupName (nil allowed)
 * @param extensions the extension map
 */
public record LeaveGroupMessage(
    String connectionId,
    @Nullable String groupName,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 12;

  /** Checks required fields and copies collections and buffers. */
  public LeaveGroupMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, groupName; the other fields take their defaults (empty, nil, zero, no extensions). */
  public LeaveGroupMessage(String connectionId, @Nullable String groupName) {
    this(connectionId, groupName, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
