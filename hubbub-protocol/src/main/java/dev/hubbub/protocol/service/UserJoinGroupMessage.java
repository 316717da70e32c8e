package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Adds a user to a group (extension ttl: seconds to stay), without acknowledgement. Type 16, server to
 * service.
 *
 * <p>Wire: {@code [16, UserId, GroupName, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param userId UserId
 * @param groupName GroupName
 * @param extensions the extension map
 */
public record UserJoinGroupMessage(
    String userId,
    String groupName,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 16;

  /** Checks required fields and copies collections and buffers. */
  public UserJoinGroupMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, groupName; the other fields take their defaults (empty, nil, zero, no extensions). */
  public UserJoinGroupMessage(String userId, String groupName) {
    this(userId, groupName, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
