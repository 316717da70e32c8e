package dev.hubbub.protocol.service;

import java.util.Objects;

/**
 * Sends to every connection of a user. Type 8, server to service.
 *
 * <p>Wire: {@code [8, UserId, Payloads, Ext]}. Older SDKs write only the first 2 fields; the rest then
 * take their defaults.
 *
 * @param userId UserId
 * @param payloads Payloads
 * @param extensions the extension map
 */
public record UserDataMessage(
    String userId,
    Payloads payloads,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 8;

  /** Checks required fields and copies collections and buffers. */
  public UserDataMessage {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(payloads, "payloads");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only userId, payloads; the other fields take their defaults (empty, nil, zero, no extensions). */
  public UserDataMessage(String userId, Payloads payloads) {
    this(userId, payloads, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
