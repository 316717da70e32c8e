package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Closes a user's connections except excluded ones; answered with an {@link AckMessage}. Type 32, server
 * to service.
 *
 * <p>Wire: {@code [32, UserId, Reason, AckId, ExcludedList, Ext]}. Older SDKs write only the first 3
 * fields; the rest then take their defaults.
 *
 * @param userId UserId
 * @param reason Reason (nil allowed)
 * @param ackId AckId
 * @param excludedList ExcludedList
 * @param extensions the extension map
 */
public record CloseUserConnectionsWithAckMessage(
    String userId,
    @Nullable String reason,
    int ackId,
    List<String> excludedList,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 32;

  /** Checks required fields and copies collections and buffers. */
  public CloseUserConnectionsWithAckMessage {
    Objects.requireNonNull(userId, "userId");
    excludedList = List.copyOf(excludedList);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, reason, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CloseUserConnectionsWithAckMessage(String userId, @Nullable String reason, int ackId) {
    this(userId, reason, ackId, List.of(), MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
