package dev.hubbub.protocol.hub;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/** Receives the messages a {@link HubProtocol} decodes from a stream. */
@FunctionalInterface
public interface HubMessageSink {
  /**
   * Called once per decoded message (messages of unknown types are skipped and not passed on).
   *
   * @param message the message
   * @param payload the message's unframed bytes as received (for example to forward them upstream
   *     unchanged); only valid during the call
   */
  void accept(HubMessage message, ByteBuffer payload) throws ProtocolException;
}
