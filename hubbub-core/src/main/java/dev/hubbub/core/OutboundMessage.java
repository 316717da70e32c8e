package dev.hubbub.core;

import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.transport.Fanout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way to many sessions, encoded at most once per hub protocol: the first session that
 * speaks a protocol pays for the encoding, every other session of that protocol shares the same bytes. Either
 * a {@link HubMessage} encoded on demand, or bytes that arrive already encoded per protocol (a REST send with
 * payloads, a service-protocol data message). Thread-safe.
 *
 * <p>Whoever creates it calls {@link #release()} once the send's future has completed; sessions keep their own
 * references to what they queued.
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
   * A message that arrives already framed, by protocol name ({@code json}, {@code messagepack}, compared
   * ignoring case); sessions of a protocol that is missing receive nothing.
   */
  public static OutboundMessage preEncoded(Map<String, byte[]> framedByProtocol) {
    OutboundMessage m = new OutboundMessage(null);
    framedByProtocol.forEach((protocol, bytes) ->
        m.encoded.putIfAbsent(protocol.toLowerCase(Locale.ROOT), Unpooled.wrappedBuffer(bytes)));
    return m;
  }

  /** A message framed per protocol as a service-protocol data message carries it. */
  public static OutboundMessage preEncoded(Payloads payloads) {
    OutboundMessage m = new OutboundMessage(null);
    for (String protocol : payloads.protocols()) {
      payloads.bytes(protocol).ifPresent(bytes ->
          m.encoded.putIfAbsent(protocol.toLowerCase(Locale.ROOT), Unpooled.wrappedBuffer(bytes)));
    }
    return m;
  }

  /** The message, when it is encoded on demand. */
  public Optional<HubMessage> message() {
    return Optional.ofNullable(message);
  }

  /** The framed bytes for {@code protocol}, or null when there are none. The caller does not own them. */
  public @Nullable ByteBuf bytesFor(HubProtocol protocol) {
    ByteBuf bytes = encoded.get(protocol.name());
    if (bytes == null && message != null) {
      HubMessage m = message;
      bytes = encoded.computeIfAbsent(protocol.name(), name -> Unpooled.wrappedBuffer(protocol.write(m)));
    }
    return bytes;
  }

  /**
   * A copy of the framed bytes for {@code protocol} (for a backplane that forwards them), or empty when there
   * are none.
   */
  public Optional<byte[]> bytes(HubProtocol protocol) {
    ByteBuf b = bytesFor(protocol);
    if (b == null) {
      return Optional.empty();
    }
    byte[] copy = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), copy);
    return Optional.of(copy);
  }

  /** Sends to one session; false when it was not sent (before its handshake, no bytes for its protocol, refused). */
  public boolean sendTo(HubSession session) {
    return sendTo(session, null);
  }

  /**
   * Sends to one session as part of {@code fanout} (see {@link Fanout}: the caller dispatches it after the last
   * session), or at once when it is null; false when it was not sent.
   */
  public boolean sendTo(HubSession session, @Nullable Fanout fanout) {
    HubProtocol protocol = session.protocol();
    if (protocol == null || session.isClosing()) {
      return false;
    }
    ByteBuf bytes = bytesFor(protocol);
    return bytes != null && session.send(bytes, message == null || message.type().isTrackable(), fanout);
  }

  /** Releases the encoded bytes; sessions keep their own references until written. */
  public void release() {
    for (ByteBuf b : encoded.values()) {
      b.release();
    }
    encoded.clear();
  }
}
