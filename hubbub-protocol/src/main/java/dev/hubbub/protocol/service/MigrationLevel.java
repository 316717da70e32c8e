package dev.hubbub.protocol.service;

import java.util.Optional;

/** Which client migrations a server accepts, sent in {@link HandshakeRequestMessage}. Messages keep the raw integer; this is the typed view. */
public enum MigrationLevel {
  /** No migration (0). */
  OFF(0),
  /** Only when a server shuts down (1). */
  SHUTDOWN_ONLY(1),
  /** Any migration (2). */
  ANY(2);

  private final int code;

  MigrationLevel(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<MigrationLevel> fromCode(int code) {
    for (MigrationLevel v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
