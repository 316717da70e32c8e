package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;

/**
 * Sends to some connections (also used for a single connection). Type 7, server to service.
 *
 * <p>Wire: {@code [7, ConnectionList, Payloads, Ext]}. Older SDKs write only the first 2 fields; the rest
 * then take their defaults.
 *
 * @param connectionList ConnectionList
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record MultiConnectionDataMessage(
    List<String> connectionList,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 7;

  /** Checks required fields and copies collections and buffers. */
  public MultiConnectionDataMessage {
    connectionList = List.copyOf(connectionList);
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only connectionList, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public MultiConnectionDataMessage(List<String> connectionList, Payloads payloads) {
    this(connectionList, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
