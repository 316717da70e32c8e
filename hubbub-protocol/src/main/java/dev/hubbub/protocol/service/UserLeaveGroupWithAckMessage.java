package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes a user from a group (nil group: from every group); answered with an {@link AckMessage}. Type 27,
 * server to service.
 *
 * <p>Wire: {@code [27, UserId, GroupName, AckId, Ext]}. Older SDKs write only the first 3 fields; the rest
 * then take their defaults.
 *
 * @param userId UserId
 * @param groupName GroupName (nil allowed)
 * @param ackId AckId
 * @param extensions the extension map
 */
public record UserLeaveGroupWithAckMessage(
    String userId,
    @Nullable String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 27;

  /** Checks required fields and copies collections and buffers. */
  public UserLeaveGroupWithAckMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public UserLeaveGroupWithAckMessage(String userId, @Nullable String groupName, int ackId) {
    this(userId, groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
