package dev.hubbub.server.internal;

import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A message on its way to many connections, encoded at most once per hub protocol; every connection of a
 * protocol shares the same bytes. {@link #release()} after the fan-out.
 */
final class OutboundMessage {
  private final HubMessage message;
  private final Map<String, ByteBuf> encoded = new ConcurrentHashMap<>(4);

  OutboundMessage(HubMessage message) {
    this.message = message;
  }

  boolean sendTo(HubConnection connection) {
    HubProtocol protocol = connection.protocol();
    ByteBuf bytes = encoded.computeIfAbsent(protocol.name(), n -> Unpooled.wrappedBuffer(protocol.write(message)));
    return connection.sendEncoded(bytes);
  }

  void release() {
    encoded.values().forEach(ByteBuf::release);
    encoded.clear();
  }
}
