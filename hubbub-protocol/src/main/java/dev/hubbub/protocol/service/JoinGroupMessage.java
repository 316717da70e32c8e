package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Adds a connection to a group, without acknowledgement. Type 11, server to service.
 *
 * <p>Wire: {@code [11, ConnectionId, GroupName, Ext]}. Older SDKs write only the first 2 fields; the rest
 * then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param groupName GroupName
 * @param extensions the extension map
 */
public record JoinGroupMessage(
    String connectionId,
    String groupName,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 11;

  /** Checks required fields and copies collections and buffers. */
  public JoinGroupMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, groupName; the other fields take their defaults (empty, nil, zero, no extensions). */
  public JoinGroupMessage(String connectionId, String groupName) {
    this(connectionId, groupName, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
