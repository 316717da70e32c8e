package dev.hubbub.protocol.service;

import java.util.Optional;

/** The outcome in an {@link AckMessage}. Existence checks answer {@link #OK} for true and {@link #NOT_FOUND} for false. Messages keep the raw integer; this is the typed view. */
public enum AckStatus {
  /** Done, or exists (1). */
  OK(1),
  /** Not found, or false (2). */
  NOT_FOUND(2),
  /** Timed out; the SDK throws (3). */
  TIMEOUT(3),
  /** Failed; the SDK throws (4). */
  INTERNAL_SERVER_ERROR(4);

  private final int code;

  AckStatus(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<AckStatus> fromCode(int code) {
    for (AckStatus v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
