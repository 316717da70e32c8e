package dev.hubbub.protocol.hub;

import org.jspecify.annotations.Nullable;

/**
 * Type 7: the sender closes the connection.
 *
 * @param error why, or null for a normal close
 * @param allowReconnect whether a client with automatic reconnect configured should reconnect
 */
public record CloseMessage(@Nullable String error, boolean allowReconnect) implements HubMessage {
  /** A normal close: no error, no reconnect. */
  public static final CloseMessage EMPTY = new CloseMessage(null, false);

  @Override
  public HubMessageType type() {
    return HubMessageType.CLOSE;
  }
}
