package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Closes every connection of the hub except excluded ones; answered with an {@link AckMessage}. Obsolete
 * in the SDK. Type 31, server to service.
 *
 * <p>Wire: {@code [31, Reason, AckId, ExcludedList, Ext]}. Older SDKs write only the first 2 fields; the
 * rest then take their defaults.
 *
 * @param reason Reason (nil allowed)
 * @param ackId AckId
 * @param excludedList ExcludedList
 * @param extensions the extension map
 */
public record CloseConnectionsWithAckMessage(
    @Nullable String reason,
    int ackId,
    List<String> excludedList,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 31;

  /** Checks required fields and copies collections and buffers. */
  public CloseConnectionsWithAckMessage {
    excludedList = List.copyOf(excludedList);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only reason, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CloseConnectionsWithAckMessage(@Nullable String reason, int ackId) {
    this(reason, ackId, List.of(), MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
