package dev.hubbub.protocol.service;

import java.util.Optional;

/** The kind of server connection a {@link HandshakeRequestMessage} opens. Messages keep the raw integer; this is the typed view. */
public enum ServerConnectionType {
  /** Carries clients (0). */
  DEFAULT(0),
  /** Opened on a {@code target} ping to rebalance (1). */
  ON_DEMAND(1),
  /** Carries no clients (management SDK persistent mode) (2). */
  WEAK(2);

  private final int code;

  ServerConnectionType(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<ServerConnectionType> fromCode(int code) {
    for (ServerConnectionType v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
