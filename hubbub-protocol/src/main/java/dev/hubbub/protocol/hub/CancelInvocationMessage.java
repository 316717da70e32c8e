package dev.hubbub.protocol.hub;

import java.util.Map;
import java.util.Objects;

/**
 * Type 5: cancel the stream {@code invocationId}; the callee still sends a completion.
 *
 * @param headers string headers, usually empty
 * @param invocationId the stream to cancel
 */
public record CancelInvocationMessage(Map<String, String> headers, String invocationId) implements HubMessage {

  /** Validates and copies the headers. */
  public CancelInvocationMessage {
    headers = Headers.copy(headers);
    Objects.requireNonNull(invocationId, "invocationId");
  }

  /** A cancellation without headers. */
  public CancelInvocationMessage(String invocationId) {
    this(Map.of(), invocationId);
  }

  @Override
  public HubMessageType type() {
    return HubMessageType.CANCEL_INVOCATION;
  }
}
