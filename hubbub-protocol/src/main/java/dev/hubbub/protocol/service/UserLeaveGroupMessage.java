package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Removes a user from a group (nil group: from every group), without acknowledgement. Type 17, server to
 * service.
 *
 * <p>Wire: {@code [17, UserId, GroupName, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param userId UserId
 * @param groupName GroupName (nil allowed)
 * @param extensions the extension map
 */
public record UserLeaveGroupMessage(
    String userId,
    @Nullable String groupName,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 17;

  /** Checks required fields and copies collections and buffers. */
  public UserLeaveGroupMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, groupName; the other fields take their defaults (empty, nil, zero, no extensions). */
  public UserLeaveGroupMessage(String userId, @Nullable String groupName) {
    this(userId, groupName, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
