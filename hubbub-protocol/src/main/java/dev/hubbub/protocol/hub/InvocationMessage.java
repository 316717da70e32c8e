package dev.hubbub.protocol.hub;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Type 1: call {@code target}. Without an invocation id it is a fire-and-forget send and gets no
 * completion; with one, exactly one {@link CompletionMessage} answers it.
 *
 * @param headers string headers, usually empty
 * @param invocationId the id the completion will carry, or null for a send
 * @param target the method name, never empty
 * @param arguments the arguments, raw or Java values
 * @param streamIds ids of client-to-server streams that take the place of further arguments
 */
public record InvocationMessage(
    Map<String, String> headers,
    @Nullable String invocationId,
    String target,
    Arguments arguments,
    List<String> streamIds) implements HubMessage {

  /** Validates and copies the collections. */
  public InvocationMessage {
    headers = Headers.copy(headers);
    Objects.requireNonNull(target, "target");
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target must not be empty");
    }
    Objects.requireNonNull(arguments, "arguments");
    streamIds = List.copyOf(streamIds);
  }

  /** A send (no invocation id, no headers, no streams). */
  public InvocationMessage(String target, Arguments arguments) {
    this(Map.of(), null, target, arguments, List.of());
  }

  /** An invocation that expects a completion (no headers, no streams). */
  public InvocationMessage(String invocationId, String target, Arguments arguments) {
    this(Map.of(), invocationId, target, arguments, List.of());
  }

  @Override
  public HubMessageType type() {
    return HubMessageType.INVOCATION;
  }
}
