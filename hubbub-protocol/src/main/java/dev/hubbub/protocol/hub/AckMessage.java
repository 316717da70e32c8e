package dev.hubbub.protocol.hub;

/**
 * Type 8 (protocol version 2): the receiver has every trackable message up to {@code sequenceId}.
 *
 * @param sequenceId the id of the latest message received
 */
public record AckMessage(long sequenceId) implements HubMessage {
  @Override
  public HubMessageType type() {
    return HubMessageType.ACK;
  }
}
