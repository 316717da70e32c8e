package dev.hubbub.protocol.hub;

/**
 * Type 9 (protocol version 2): sent after a stateful reconnect, before the replayed messages.
 *
 * @param sequenceId the id of the first message that follows
 */
public record SequenceMessage(long sequenceId) implements HubMessage {
  @Override
  public HubMessageType type() {
    return HubMessageType.SEQUENCE;
  }
}
