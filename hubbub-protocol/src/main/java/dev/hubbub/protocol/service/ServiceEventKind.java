package dev.hubbub.protocol.service;

import java.util.Optional;

/** What happened, in a {@link ServiceEventMessage}. Messages keep the raw integer; this is the typed view. */
public enum ServiceEventKind {
  /** The target is reloading (0). */
  RELOADING(0),
  /** The target is invalid (1). */
  INVALID(1),
  /** The target does not exist (2). */
  NOT_EXISTED(2),
  /** The target's buffer is full (3). */
  BUFFER_FULL(3);

  private final int code;

  ServiceEventKind(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<ServiceEventKind> fromCode(int code) {
    for (ServiceEventKind v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
