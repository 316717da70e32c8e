package dev.hubbub.protocol.service;

import java.util.Optional;

/** Which side a {@link ConnectionFlowControlMessage} is about (the code vectors use 1 and 2, the spec text 0 and 1). Messages keep the raw integer; this is the typed view. */
public enum FlowControlConnectionType {
  /** A client connection (1). */
  CLIENT(1),
  /** A server connection (2). */
  SERVER(2);

  private final int code;

  FlowControlConnectionType(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<FlowControlConnectionType> fromCode(int code) {
    for (FlowControlConnectionType v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
