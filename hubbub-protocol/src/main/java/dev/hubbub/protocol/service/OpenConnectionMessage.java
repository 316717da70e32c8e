package dev.hubbub.protocol.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client connected and is routed to this server. Type 4, service to server.
 *
 * <p>Wire: {@code [4, ConnectionId, Claims, Headers, QueryString, Ext]}. Older SDKs write only the first 2
 * fields; the rest then take their defaults.
 *
 * @param connectionId ConnectionId
 * @param claims Claims
 * @param headers Headers
 * @param queryString QueryString (nil allowed)
 * @param extensions the extension map
 */
public record OpenConnectionMessage(
    String connectionId,
    List<Claim> claims,
    Map<String, List<String>> headers,
    @Nullable String queryString,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 4;

  /** Checks required fields and copies collections and buffers. */
  public OpenConnectionMessage {
    Objects.requireNonNull(connectionId, "connectionId");
    claims = List.copyOf(claims);
    headers = copyHeaders(headers);
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionId, claims; the other fields take their defaults (empty, nil, zero, no extensions). */
  public OpenConnectionMessage(String connectionId, List<Claim> claims) {
    this(connectionId, claims, Map.of(), null, MessageExtensions.NONE);
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
