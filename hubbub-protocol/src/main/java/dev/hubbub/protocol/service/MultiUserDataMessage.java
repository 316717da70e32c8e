package dev.hubbub.protocol.service;

import java.util.List;
import java.util.Objects;

/**
 * Sends to every connection of some users. Type 9, server to service.
 *
 * <p>Wire: {@code [9, UserList, Payloads, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param userList UserList
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record MultiUserDataMessage(
    List<String> userList,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 9;

  /** Checks required fields and copies collections and buffers. */
  public MultiUserDataMessage {
    userList = List.copyOf(userList);
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userList, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public MultiUserDataMessage(List<String> userList, Payloads payloads) {
    this(userList, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
