package dev.hubbub.management.internal;

import java.util.Arrays;

/**
 * A hub invocation serialized once per send call and shared by every call it fans out to.
 *
 * @param target the client method name (kept for logs and for transports that re-frame the message)
 * @param json the REST body {@code {"Target":..,"Arguments":[..]}}, UTF-8; never modified after creation
 * @param argumentsStart where the {@code Arguments} array starts in {@code json} (its {@code [})
 * @param argumentsEnd just after the array's {@code ]}
 */
public record EncodedMessage(String target, byte[] json, int argumentsStart, int argumentsEnd) {

  /** The {@code Arguments} JSON array alone, for transports that frame hub messages themselves. */
  public byte[] arguments() {
    return Arrays.copyOfRange(json, argumentsStart, argumentsEnd);
  }
}
