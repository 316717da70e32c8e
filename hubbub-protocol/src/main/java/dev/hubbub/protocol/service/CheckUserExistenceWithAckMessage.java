package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Asks whether a user has connections; answered with an {@link AckMessage}. Type 25, server to service.
 *
 * <p>Wire: {@code [25, UserId, AckId, Ext]}. Older SDKs write only the first 2 fields; the rest then take
 * their defaults.
 *
 * @param userId UserId
 * @param ackId AckId
 * @param extensions the extension map
 */
public record CheckUserExistenceWithAckMessage(
    String userId,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 25;

  /** Checks required fields and copies collections and buffers. */
  public CheckUserExistenceWithAckMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CheckUserExistenceWithAckMessage(String userId, int ackId) {
    this(userId, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
