package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Asks whether a user is in a group; answered with an {@link AckMessage} (Ok = yes, NotFound = no). Type
 * 21, server to service.
 *
 * <p>Wire: {@code [21, UserId, GroupName, AckId, Ext]}. Older SDKs write only the first 3 fields; the rest
 * then take their defaults.
 *
 * @param userId UserId
 * @param groupName GroupName
 * @param ackId AckId
 * @param extensions the extension map
 */
public record CheckUserInGroupWithAckMessage(
    String userId,
    String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 21;

  /** Checks required fields and copies collections and buffers. */
  public CheckUserInGroupWithAckMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CheckUserInGroupWithAckMessage(String userId, String groupName, int ackId) {
    this(userId, groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
