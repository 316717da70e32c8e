package dev.hubbub.protocol.service;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw hub-protocol bytes of one client connection. Type 6, both.
 *
 * <p>Wire: {@code [6, ConnectionId, Payload, Ext]}. Older SDKs write only the first 2 fields; the rest
 * then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param payload Payload
 * @param extensions the extension map
 */
public record ConnectionDataMessage(
    String connectionId,
    ByteBuffer payload,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 6;

  /** Checks required fields and copies collections and buffers. */
  public ConnectionDataMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(payload, "payload");
    payload = ServiceProtocol.readOnly(payload);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, payload; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ConnectionDataMessage(String connectionId, ByteBuffer payload) {
    this(connectionId, payload, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** Payload: a read-only view; its position is this caller's own. */
  @Override
  public ByteBuffer payload() {
    return payload.duplicate();
  }

  /** The typed data message type from the extensions; empty when absent or unknown. */
  public Optional<DataMessageType> knownDataMessageType() {
    Integer code = extensions.dataMessageType();
    return code == null ? Optional.empty() : DataMessageType.fromCode(code);
  }
}
