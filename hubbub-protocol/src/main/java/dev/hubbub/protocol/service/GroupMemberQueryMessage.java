package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks for the members of a group, a page at a time; answered with an {@link AckMessage} carrying a
 * payload. The extension map comes second. Type 40, server to service.
 *
 * <p>Wire: {@code [40, Ext, GroupName, AckId, Max, ContinuationToken]}. Older SDKs write only the first 4
 * fields; the rest then take their defaults.
 *
 * @param extensions the extension map
 * @param groupName GroupName
 * @param ackId AckId
 * @param max Max
 * @param continuationToken ContinuationToken (nil allowed)
 */
public record GroupMemberQueryMessage(
    MessageExtensions extensions,
    String groupName,
    int ackId,
    int max,
    @Nullable String continuationToken) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 40;

  /** Checks required fields and copies collections and buffers. */
  public GroupMemberQueryMessage {
    Objects.requireNonNull(extensions, "extensions");
    Objects.requireNonNull(groupName, "groupName");
  }

  /** A message with only groupName, ackId, max; the other fields take their defaults (empty, nil, zero, no extensions). */
  public GroupMemberQueryMessage(String groupName, int ackId, int max) {
    this(MessageExtensions.NONE, groupName, ackId, max, null);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
