package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection; answered with an {@link AckMessage}. Obsolete in the SDK. Type 30, server to service.
 *
 * <p>Wire: {@code [30, ConnectionId, Reason, AckId, Ext]}. Older SDKs write only the first 3 fields; the
 * rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param reason Reason (nil allowed)
 * @param ackId AckId
 * @param extensions the extension map
 */
public record CloseConnectionWithAckMessage(
    String connectionId,
    @Nullable String reason,
    int ackId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 30;

  /** Checks required fields and copies collections and buffers. */
  public CloseConnectionWithAckMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, reason, ackId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CloseConnectionWithAckMessage(String connectionId, @Nullable String reason, int ackId) {
    this(connectionId, reason, ackId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
