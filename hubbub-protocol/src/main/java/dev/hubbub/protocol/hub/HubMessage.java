package dev.hubbub.protocol.hub;

/**
 * A message of the SignalR hub protocol, independent of its encoding. Instances are immutable, so one
 * message can be encoded once per protocol and the bytes shared between connections.
 */
public sealed interface HubMessage
    permits InvocationMessage, StreamItemMessage, CompletionMessage, StreamInvocationMessage,
        CancelInvocationMessage, PingMessage, CloseMessage, AckMessage, SequenceMessage {

  /** The message's type. */
  HubMessageType type();
}
