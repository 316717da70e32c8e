package dev.hubbub.service.internal.hub;

import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way to many clients, encoded at most once per hub protocol: the first client that speaks
 * a protocol pays for the encoding, every other client of that protocol shares the same bytes.
 * {@link #release()} once the fan-out is done.
 */
public final class OutboundMessage {
  private final @Nullable HubMessage message;
  private final Map<String, ByteBuf> encoded = new ConcurrentHashMap<>(4);

  private OutboundMessage(@Nullable HubMessage message) {
    this.message = message;
  }

  /** A message encoded on demand for each protocol. */
  public static OutboundMessage of(HubMessage message) {
    return new OutboundMessage(message);
  }

  /**
   * A message that arrives already encoded, by protocol name ({@code json}, {@code messagepack}); clients of
   * a protocol that is missing receive nothing.
   */
  public static OutboundMessage preEncoded(Map<String, byte[]> framedByProtocol) {
    OutboundMessage m = new OutboundMessage(null);
    framedByProtocol.forEach((protocol, bytes) -> m.encoded.put(protocol, Unpooled.wrappedBuffer(bytes)));
    return m;
  }

  /** The framed bytes for {@code protocol}, or null when there are none. The caller does not own them. */
  public @Nullable ByteBuf bytesFor(HubProtocol protocol) {
    ByteBuf bytes = encoded.get(protocol.name());
    if (bytes == null && message != null) {
      bytes = encoded.computeIfAbsent(protocol.name(), name -> Unpooled.wrappedBuffer(protocol.write(message)));
    }
    return bytes;
  }

  /** Sends to one client; false when it was not sent (no bytes for its protocol, or refused). */
  public boolean sendTo(ClientSession session) {
    HubProtocol protocol = session.protocol();
    if (protocol == null) {
      return false;
    }
    ByteBuf bytes = bytesFor(protocol);
    return bytes != null && session.send(bytes, true);
  }

  /** Releases the encoded bytes; clients keep their own references until written. */
  public void release() {
    for (ByteBuf b : encoded.values()) {
      b.release();
    }
    encoded.clear();
  }
}
