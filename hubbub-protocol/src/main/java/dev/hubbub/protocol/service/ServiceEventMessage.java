package dev.hubbub.protocol.service;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells the server about an event on a connection, user, group or instance. Type 22, service to server.
 *
 * <p>Wire: {@code [22, Type, Id, Kind, Message, Ext]}. Older SDKs write only the first 4 fields; the rest
 * then take their defaults.
 *
 * @param eventType Type
 * @param id Id (nil allowed)
 * @param kind Kind
 * @param message Message (nil allowed)
 * @param extensions the extension map
 */
public record ServiceEventMessage(
    int eventType,
    @Nullable String id,
    int kind,
    @Nullable String message,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 22;

  /** Checks required fields and copies collections and buffers. */
  public ServiceEventMessage {
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only eventType, id, kind, message; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ServiceEventMessage(int eventType, @Nullable String id, int kind, @Nullable String message) {
    this(eventType, id, kind, message, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** The typed event type; empty for values this version does not know. */
  public Optional<ServiceEventType> knownEventType() {
    return ServiceEventType.fromCode(eventType);
  }

  /** The typed event kind; empty for values this version does not know. */
  public Optional<ServiceEventKind> knownKind() {
    return ServiceEventKind.fromCode(kind);
  }
}
