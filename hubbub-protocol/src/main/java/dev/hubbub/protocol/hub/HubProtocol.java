package dev.hubbub.protocol.hub;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A SignalR hub protocol: encodes {@link HubMessage}s to bytes and decodes them back. Implementations are
 * immutable and thread-safe; per-connection state lives in the {@link FrameReader} from
 * {@link #newFrameReader()}.
 */
public interface HubProtocol {
  /** The name a client asks for in the handshake: {@code json} or {@code messagepack}. */
  String name();

  /** The highest protocol version supported (2: Ack and Sequence for stateful reconnect). */
  int version();

  /** The transport frames the protocol needs. */
  TransferFormat transferFormat();

  /** The settings of this instance. */
  HubProtocolOptions options();

  /**
   * Decodes one message from one unframed payload (what a {@link FrameReader} hands out, or an upstream
   * request body). Reads all of {@code payload}.
   *
   * @return the message, or null when it has a type this protocol does not know (such messages are skipped)
   * @throws ProtocolException when the payload is malformed, too large or misses required fields
   */
  @Nullable HubMessage parseMessage(ByteBuffer payload) throws ProtocolException;

  /** A frame reader for one connection's incoming stream, with this protocol's framing and size limit. */
  FrameReader newFrameReader();

  /**
   * Decodes every complete message in {@code chunk} (any part of a connection's stream) and passes it to
   * {@code sink}, keeping an incomplete tail in {@code reader} for the next chunk.
   */
  default void parse(ByteBuffer chunk, FrameReader reader, HubMessageSink sink) throws ProtocolException {
    reader.read(chunk, payload -> {
      ByteBuffer original = payload.duplicate();
      HubMessage message = parseMessage(payload);
      if (message != null) {
        sink.accept(message, original);
      }
    });
  }

  /**
   * Decodes framed input that holds only whole messages (one transport frame or HTTP body).
   *
   * @throws ProtocolException when a message is malformed or the input ends inside a message
   */
  default List<HubMessage> parseMessages(ByteBuffer framed) throws ProtocolException {
    List<HubMessage> messages = new ArrayList<>();
    FrameReader reader = newFrameReader();
    parse(framed, reader, (message, payload) -> messages.add(message));
    if (reader.hasPartialMessage()) {
      throw new ProtocolException("Incomplete message: the input ends inside a " + name() + " hub message.");
    }
    return messages;
  }

  /** Encodes {@code message} with its framing (JSON: a trailing 0x1E; MessagePack: a VarInt length prefix). */
  byte[] write(HubMessage message);

  /** Encodes {@code message} without framing (upstream request bodies, the service protocol's payloads). */
  byte[] writeUnframed(HubMessage message);
}
