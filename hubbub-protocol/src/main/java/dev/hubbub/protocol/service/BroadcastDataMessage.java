package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;

/**
 * Sends to every connection of the hub except the excluded ones. Type 10, server to service.
 *
 * <p>Wire: {@code [10, ExcludedList, Payloads, Ext]}. Older SDKs write only the first 2 fields; the rest
 * then take their defaults.
 *
 * @param excludedList ExcludedList
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record BroadcastDataMessage(
    List<String> excludedList,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 10;

  /** Checks required fields and copies collections and buffers. */
  public BroadcastDataMessage {
    excludedList = List.copyOf(excludedList);
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only excludedList, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public BroadcastDataMessage(List<String> excludedList, Payloads payloads) {
    this(excludedList, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
