package dev.hubbub.protocol.hub;

/** Type 6: keep-alive. It has no fields, so there is one instance. */
public enum PingMessage implements HubMessage {
  /** The ping. */
  INSTANCE;

  @Override
  public HubMessageType type() {
    return HubMessageType.PING;
  }
}
