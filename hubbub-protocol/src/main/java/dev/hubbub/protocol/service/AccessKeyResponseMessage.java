package dev.hubbub.protocol.service;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers an {@link AccessKeyRequestMessage} with a key, or an error. Type 29, service to server.
 *
 * <p>Wire: {@code [29, Kid, AccessKey, ErrorType, ErrorMessage, Ext]}. Older SDKs write only the first 4
 * fields; the rest then take their defaults.
 *
 * @param keyId Kid (nil allowed)
 * @param accessKey AccessKey (nil allowed)
 * @param errorType ErrorType (nil allowed)
 * @param errorMessage ErrorMessage (nil allowed)
 * @param extensions the extension map
 */
public record AccessKeyResponseMessage(
    @Nullable String keyId,
    @Nullable String accessKey,
    @Nullable String errorType,
    @Nullable String errorMessage,
    MessageExtensions extensions) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 29;

  /** Checks required fields and copies collections and buffers. */
  public AccessKeyResponseMessage {
    Objects.requireNonNull(extensions, "extensions");
  }

  /** A message with only keyId, accessKey, errorType, errorMessage; the other fields take their defaults (empty, nil, zero, no extensions). */
  public AccessKeyResponseMessage(@Nullable String keyId, @Nullable String accessKey, @Nullable String errorType, @Nullable String errorMessage) {
    this(keyId, accessKey, errorType, errorMessage, MessageExtensions.NONE);
  }

  @Override
  public int type() {
    return TYPE;
  }
}
