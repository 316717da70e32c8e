package dev.hubbub.protocol.service;

import org.jspecify.annotations.Nullable;

/**
 * The service reports a fatal error; the SDK marks the connection failed and stops sending. Type 15,
 * service to server.
 *
 * <p>Wire: {@code [15, ErrorMessage]}. 
 *
 * @param errorMessage ErrorMessage (nil allowed)
 */
public record ServiceErrorMessage(@Nullable String errorMessage) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 15;

  @Override
  public int type() {
    return TYPE;
  }
}
