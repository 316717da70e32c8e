package dev.hubbub.protocol.service;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@code *WithAck} message. The status is kept as the raw integer: the SDK's own test vector
 * {@code [20, 1, 100, "", {}]} carries status 100, which is no {@link AckStatus}; see {@link
 * #knownStatus()}. The payload element is written only when present (1.25 SDKs expect five elements). Type
 * 20, service to server.
 *
 * <p>Wire: {@code [20, AckId, Status, Message, Ext, Payload]}. Older SDKs write only the first 2 fields;
 * the rest then take their defaults.
 *
 * @param ackId AckId
 * @param status Status
 * @param message Message (nil reads as empty)
 * @param extensions the extension map
 * @param payload Payload (nil allowed)
 */
public record AckMessage(
    int ackId,
    int status,
    String message,
    MessageExtensions extensions,
    @Nullable ByteBuffer payload) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 20;

  /** Checks required fields and copies collections and buffers. */
  public AckMessage {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(extensions, "extensions");
    payload = payload == null ? null : ServiceProtocol.readOnly(payload);
  }

  /** A message with only ackId, status; the other fields take their defaults (empty, nil, zero, no extensions). */
  public AckMessage(int ackId, int status) {
    this(ackId, status, "", MessageExtensions.NONE, null);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** Payload: a read-only view, or null; its position is this caller's own. */
  @Override
  public @Nullable ByteBuffer payload() {
    return payload == null ? null : payload.duplicate();
  }

  /** The typed status; empty for values outside 1..4 (such as the 100 in the SDK's own test vector). */
  public Optional<AckStatus> knownStatus() {
    return AckStatus.fromCode(status);
  }
}
