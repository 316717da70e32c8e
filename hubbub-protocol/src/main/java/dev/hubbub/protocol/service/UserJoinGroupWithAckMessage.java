package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Adds a user to a group (extension ttl: seconds to stay); answered with an {@link AckMessage}. Type 26,
 * server to service.
 *
 * <p>Wire: {@code [26, UserId, GroupName, AckId, Ext]}. Older SDKs write only the first 3 fields; the rest
 * then take their defaults.
 *
 * @param userId UserId
 * @param groupName GroupName
 * @param ackId AckId
 * @param extensions the extension map
 */
public record UserJoinGroupWithAckMessage(
    String userId,
    String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 26;

  /** Checks required fields and copies collections and buffers. */
  public UserJoinGroupWithAckMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public UserJoinGroupWithAckMessage(String userId, String groupName, int ackId) {
    this(userId, groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
