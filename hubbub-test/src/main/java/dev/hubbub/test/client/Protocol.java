package dev.hubbub.test.client;

/** The SignalR hub protocols. */
public enum Protocol {
  /** JSON text messages ending in {@code 0x1E}. */
  JSON("json", false),
  /** MessagePack messages with a VarInt length prefix; needs a transport with binary frames (not SSE). */
  MESSAGEPACK("messagepack", true);

  private final String wireName;
  private final boolean binary;

  Protocol(String wireName, boolean binary) {
    this.wireName = wireName;
    this.binary = binary;
  }

  /** The name in the handshake, {@code json} or {@code messagepack}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the protocol needs the {@code Binary} transfer format. */
  public boolean isBinary() {
    return binary;
  }
}
