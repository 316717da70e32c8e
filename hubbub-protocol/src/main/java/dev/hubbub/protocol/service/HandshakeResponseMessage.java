package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers a handshake: success when the error message is nil or empty. Type 2, service to server.
 *
 * <p>Wire: {@code [2, ErrorMessage, Ext, ConnectionId]}. Older SDKs write only the first 1 field; the rest
 * then take their defaults.
 *
 * @param errorMessage ErrorMessage (nil allowed)
 * @param extensions the extension map
 * @param connectionId ConnectionId (nil allowed)
 */
public record HandshakeResponseMessage(
    @Nullable String errorMessage,
    MessageExtensions extensions,
    @Nullable String connectionId) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 2;

  /** Checks required fields and copies collections and buffers. */
  public HandshakeResponseMessage {
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only errorMessage; the other fields take their defaults (empty, nil, zero, no extensions). */
  public HandshakeResponseMessage(@Nullable String errorMessage) {
    this(errorMessage, MessageExtensions.NONE, null);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** Whether the handshake succeeded: the error message is nil or empty. */
  public boolean isSuccess() {
    return errorMessage == null || errorMessage.isEmpty();
  }
}
