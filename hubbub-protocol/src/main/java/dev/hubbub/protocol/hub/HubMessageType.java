package dev.hubbub.protocol.hub;

import org.jspecify.annotations.Nullable;

/** The hub message types with their wire ids (the {@code type} field in JSON, the first array item in MessagePack). */
public enum HubMessageType {
  /** 1: call a method, with or without an invocation id. */
  INVOCATION(1, true),
  /** 2: one item of a stream. */
  STREAM_ITEM(2, true),
  /** 3: the end of an invocation or stream. */
  COMPLETION(3, true),
  /** 4: call a streaming method. */
  STREAM_INVOCATION(4, true),
  /** 5: cancel a streaming invocation. */
  CANCEL_INVOCATION(5, true),
  /** 6: keep-alive. */
  PING(6, false),
  /** 7: the sender is closing the connection. */
  CLOSE(7, false),
  /** 8: stateful reconnect acknowledgement. */
  ACK(8, false),
  /** 9: stateful reconnect: the sequence id of the first replayed message. */
  SEQUENCE(9, false);

  private static final HubMessageType[] BY_ID = values();

  private final int id;
  private final boolean trackable;

  HubMessageType(int id, boolean trackable) {
    this.id = id;
    this.trackable = trackable;
  }

  /** The wire id, 1..9. */
  public int id() {
    return id;
  }

  /**
   * Whether stateful reconnect counts, buffers and replays messages of this type (Ping, Close, Ack and
   * Sequence are not counted).
   */
  public boolean isTrackable() {
    return trackable;
  }

  /** The type with wire id {@code id}, or null for an id this protocol version does not know (to be skipped). */
  public static @Nullable HubMessageType fromId(long id) {
    return id >= 1 && id <= BY_ID.length ? BY_ID[(int) id - 1] : null;
  }
}
