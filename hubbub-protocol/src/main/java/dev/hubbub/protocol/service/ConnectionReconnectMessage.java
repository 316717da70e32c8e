package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * A connection reconnects (stateful reconnect). Type 38, both.
 *
 * <p>Wire: {@code [38, ConnectionId, Ext]}. Older SDKs write only the first 1 field; the rest then take
 * their defaults.
 *
 * @param connectionId ConnectionId
 * @param extensions the extension map
 */
public record ConnectionReconnectMessage(
    String connectionId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 38;

  /** Checks required fields and copies collections and buffers. */
  public ConnectionReconnectMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ConnectionReconnectMessage(String connectionId) {
    this(connectionId, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
