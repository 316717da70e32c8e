package dev.hubbub.management.internal;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.service.Payloads;

/**
 * A send's payloads for the service protocol: the invocation framed once per hub protocol (JSON and
 * MessagePack), as a hub server sends it; the service gives every client the bytes of its protocol.
 */
final class MessagePayloads {
  private MessagePayloads() {}

  static Payloads of(EncodedMessage message) {
    Arguments arguments;
    try {
      arguments = Arguments.ofJsonArray(message.arguments());
    } catch (ProtocolException e) {
      // PayloadEncoder wrote the array with Jackson; it is always one JSON array
      throw new IllegalStateException("The arguments of '" + message.target() + "' are not a JSON array", e);
    }
    InvocationMessage invocation = new InvocationMessage(message.target(), arguments);
    return Payloads.of(HubProtocols.JSON.name(), HubProtocols.JSON.write(invocation),
        HubProtocols.MESSAGEPACK.name(), HubProtocols.MESSAGEPACK.write(invocation));
  }
}
