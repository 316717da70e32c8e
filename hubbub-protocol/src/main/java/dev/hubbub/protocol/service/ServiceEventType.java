package dev.hubbub.protocol.service;

import java.util.Optional;

/** What a {@link ServiceEventMessage} is about. Messages keep the raw integer; this is the typed view. */
public enum ServiceEventType {
  /** A service instance (0). */
  SERVICE_INSTANCE(0),
  /** A client connection (1). */
  CONNECTION(1),
  /** A user (2). */
  USER(2),
  /** A group (3). */
  GROUP(3),
  /** A server connection (4). */
  SERVER_CONNECTION(4);

  private final int code;

  ServiceEventType(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<ServiceEventType> fromCode(int code) {
    for (ServiceEventType v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
