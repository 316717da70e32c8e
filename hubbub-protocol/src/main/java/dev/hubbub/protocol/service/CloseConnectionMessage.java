package dev.hubbub.protocol.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client connection closed (service to server), or the server closes one (server to service). Type 5, both.
 *
 * <p>Wire: {@code [5, ConnectionId, ErrorMessage, Headers, Ext]}. Older SDKs write only the first 1 field;
 * the rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param errorMessage ErrorMessage (nil reads as empty)
 * @param headers Headers
 * @param extensions the extension map
 */
public record CloseConnectionMessage(
    String connectionId,
    String errorMessage,
    Map<String, List<String>> headers,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 5;

  /** Checks required fields and copies collections and buffers. */
  public CloseConnectionMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(errorMessage, "errorMessage");
    headers = copyHeaders(headers);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId; the other fields take their defaults (empty, nil, zero, no extensions). */
  public CloseConnectionMessage(String connectionId) {
    this(connectionId, "", Map.of(), MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }
}
