package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Asks for an access key with a Microsoft Entra token (every 10 minutes). Type 28, server to service.
 *
 * <p>Wire: {@code [28, Token, Kid, Ext]}. Older SDKs write only the first 1 field; the rest then take
 * their defaults.
 *
 * @param token Token
 * @param keyId Kid (nil allowed)
 * @param extensions the extension map
 */
public record AccessKeyRequestMessage(
    String token,
    @Nullable String keyId,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 28;

  /** Checks required fields and copies collections and buffers. */
  public AccessKeyRequestMessage {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only token; the other fields take their defaults (empty, nil, zero, no extensions). */
  public AccessKeyRequestMessage(String token) {
    this(token, null, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
