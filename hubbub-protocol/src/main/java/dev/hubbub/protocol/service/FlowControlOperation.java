package dev.hubbub.protocol.service;

import java.util.Optional;

/** The operation of a {@link ConnectionFlowControlMessage}. Messages keep the raw integer; this is the typed view. */
public enum FlowControlOperation {
  /** Stop sending (1). */
  PAUSE(1),
  /** Sending stopped (2). */
  PAUSE_ACK(2),
  /** Send again (3). */
  RESUME(3),
  /** The connection went offline (4). */
  OFFLINE(4);

  private final int code;

  FlowControlOperation(int code) {
    this.code = code;
  }

  /** The integer on the wire. */
  public int code() {
    return code;
  }

  /** The constant for a wire value; empty for values this version does not know. */
  public static Optional<FlowControlOperation> fromCode(int code) {
    for (FlowControlOperation v : values()) {
      if (v.code == code) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
