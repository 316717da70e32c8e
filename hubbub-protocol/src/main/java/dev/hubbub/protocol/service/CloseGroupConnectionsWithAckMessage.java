package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Closes a group's connections except excluded ones; answered with an {@link AckMessage}. Type 33, server
 * to service.
 *
 * <p>Wire: {@code [33, GroupName, Reason, AckId, ExcludedList, Ext]}. Older SDKs write only the first 3
 * fields; the rest then take their defaults.
 *
 * @param groupName GroupName
 * @param reason Reason (nil allowed)
 * @param ackId AckId
 * @param excludedList ExcludedList
 * @param extensions the extension map
 */
public record CloseGroupConnectionsWithAckMessage(
    String groupName,
    @Nullable String reason,
    int ackId,
    List<String> excludedList,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 33;

  /** Checks required fields and copies collections and buffers. */
  public CloseGroupConnectionsWithAckMessage {
    Objects.requireNonNull(groupName, "groupName");
    excludedList = List.copyOf(excludedList);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only groupName, reason, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CloseGroupConnectionsWithAckMessage(String groupName, @Nullable String reason, int ackId) {
    this(groupName, reason, ackId, List.of(), MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
