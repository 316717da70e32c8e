package dev.hubbub.protocol.service;

import java.util.Optional;

/** What a {@link ConnectionDataMessage} carries (extension key 5). Messages keep the raw integer; this is the typed view. */
public enum DataMessageType {
  /** Not said (0). */
  UNKNOWN(0),
  /** A hub handshake (1). */
  HANDSHAKE(1),
  /** A hub invocation (2). */
  INVOCATION(2),
  /** Any other hub message (3). */
  OTHER(3);

  private final int code;

  DataMessageType(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<DataMessageType> fromCode(int code) {
    for (DataMessageType v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
