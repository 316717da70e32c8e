package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Asks whether a group has members; answered with an {@link AckMessage}. Type 23, server to service.
 *
 * <p>Wire: {@code [23, GroupName, AckId, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param groupName GroupName
 * @param ackId AckId
 * @param extensions the extension map
 */
public record CheckGroupExistenceWithAckMessage(
    String groupName,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 23;

  /** Checks required fields and copies collections and buffers. */
  public CheckGroupExistenceWithAckMessage {
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only groupName, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CheckGroupExistenceWithAckMessage(String groupName, int ackId) {
    this(groupName, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
