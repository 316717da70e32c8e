package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client invocation failed. Type 36, both.
 *
 * <p>Wire: {@code [36, InvocationId, ConnectionId, CallerServerId, Error, Ext]}. Older SDKs write only the
 * first 4 fields; the rest then take their defaults.
 *
 * @param invocationId InvocationId
 * @param connectionId ConnectionId
 * @param callerServerId CallerServerId
 * @param error Error (nil allowed)
 * @param extensions the extension map
 */
public record ErrorCompletionMessage(
    String invocationId,
    String connectionId,
    String callerServerId,
    @Nullable String error,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 36;

  /** Checks required fields and copies collections and buffers. */
  public ErrorCompletionMessage {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(callerServerId, "callerServerId");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only invocationId, connectionId, callerServerId, error; the other fields take their defaults (empty, nil, zero, no extensions). */
  public ErrorCompletionMessage(String invocationId, String connectionId, String callerServerId, @Nullable String error) {
    this(invocationId, connectionId, callerServerId, error, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
