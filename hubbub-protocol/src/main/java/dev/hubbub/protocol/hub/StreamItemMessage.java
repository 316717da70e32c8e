package dev.hubbub.protocol.hub;

import java.util.Map;
import java.util.Objects;

/**
 * Type 2: one item of the stream {@code invocationId}.
 *
 * @param headers string headers, usually empty
 * @param invocationId the stream's id
 * @param item the item; a JSON {@code null} item is {@link RawValue#NULL} or a raw null, never a Java null
 */
public record StreamItemMessage(Map<String, String> headers, String invocationId, RawValue item)
    implements HubMessage {

  /** Validates and copies the headers. */
  public StreamItemMessage {
    headers = Headers.copy(headers);
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(item, "item");
  }

  /** An item without headers. */
  public StreamItemMessage(String invocationId, RawValue item) {
    this(Map.of(), invocationId, item);
  }

  @Override
  public HubMessageType type() {
    return HubMessageType.STREAM_ITEM;
  }
}
