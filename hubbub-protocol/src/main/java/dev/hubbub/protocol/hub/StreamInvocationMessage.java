package dev.hubbub.protocol.hub;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Type 4: call a streaming method; the callee answers with {@link StreamItemMessage}s and one
 * {@link CompletionMessage} carrying {@code invocationId}.
 *
 * @param headers string headers, usually empty
 * @param invocationId the id of the stream
 * @param target the method name, never empty
 * @param arguments the arguments, raw or Java values
 * @param streamIds ids of client-to-server streams that take the place of further arguments
 */
public record StreamInvocationMessage(
    Map<String, String> headers,
    String invocationId,
    String target,
    Arguments arguments,
    List<String> streamIds) implements HubMessage {

  /** Validates and copies the collections. */
  public StreamInvocationMessage {
    headers = Headers.copy(headers);
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(target, "target");
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target must not be empty");
    }
    Objects.requireNonNull(arguments, "arguments");
    streamIds = List.copyOf(streamIds);
  }

  /** A stream invocation without headers or client streams. */
  public StreamInvocationMessage(String invocationId, String target, Arguments arguments) {
    this(Map.of(), invocationId, target, arguments, List.of());
  }

  @Override
  public HubMessageType type() {
    return HubMessageType.STREAM_INVOCATION;
  }
}
