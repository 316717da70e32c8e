package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;

/**
 * Sends to several groups. Type 14, server to service.
 *
 * <p>Wire: {@code [14, GroupList, Payloads, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param groupList GroupList
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record MultiGroupBroadcastDataMessage(
    List<String> groupList,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 14;

  /** Checks required fields and copies collections and buffers. */
  public MultiGroupBroadcastDataMessage {
    groupList = List.copyOf(groupList);
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only groupList, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public MultiGroupBroadcastDataMessage(List<String> groupList, Payloads payloads) {
    this(groupList, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
