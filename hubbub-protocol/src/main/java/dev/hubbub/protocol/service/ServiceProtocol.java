package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.VarInt;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The Azure SignalR service protocol, version {@value #VERSION}: encodes and decodes {@link ServiceMessage}s
 * byte-compatibly with the official SDK.
 *
 * <p>Writing produces the current SDK's array layouts. Parsing accepts the shorter arrays of older SDKs,
 * skips extra trailing elements and unknown extension keys, ignores bytes after the array, and returns
 * empty for unknown type ids so newer peers can add types. Bad input fails with a {@link ProtocolException}
 * naming the message and field; declared sizes are checked against the bytes present before anything is
 * allocated.
 */
public final class ServiceProtocol {
  /** The protocol version sent in {@link HandshakeRequestMessage}. */
  public static final int VERSION = 1;

  private ServiceProtocol() {}

  /** The message framed for the wire: VarInt length prefix, then the MessagePack array. */
  public static byte[] write(ServiceMessage message) {
    byte[] payload = writePayload(message);
    byte[] out = new byte[VarInt.size(payload.length) + payload.length];
    int prefix = VarInt.write(out, 0, payload.length);
    System.arraycopy(payload, 0, out, prefix, payload.length);
    return out;
  }

  /** The message as a MessagePack array without the length prefix. */
  public static byte[] writePayload(ServiceMessage message) {
    return ServiceMessageEncoder.write(message).toByteArray();
  }

  /**
   * Parses one unframed message (the buffer's remaining bytes; its position is not moved).
   *
   * @return the message, or empty when its type id is unknown
   * @throws ProtocolException when the bytes are not a well-formed message
   */
  public static Optional<ServiceMessage> parse(ByteBuffer payload) throws ProtocolException {
    ByteBuffer view = payload.duplicate();
    byte[] bytes;
    int offset;
    int length = view.remaining();
    if (view.hasArray() && !view.isReadOnly()) {
      bytes = view.array();
      offset = view.arrayOffset() + view.position();
    } else {
      bytes = new byte[length];
      view.get(bytes);
      offset = 0;
    }
    return parse(bytes, offset, length);
  }

  /** Parses one unframed message held in {@code bytes}; see {@link #parse(ByteBuffer)}. */
  public static Optional<ServiceMessage> parse(byte[] bytes) throws ProtocolException {
    return parse(bytes, 0, bytes.length);
  }

  private static Optional<ServiceMessage> parse(byte[] bytes, int offset, int length) throws ProtocolException {
    MessageReader reader = new MessageReader(bytes, offset, length);
    int type = reader.begin();
    Optional<ServiceMessage> message = ServiceMessageDecoder.read(type, reader);
    if (message.isPresent()) {
      reader.skipRest();
    }
    return message;
  }

  /** A read-only copy of the remaining bytes (or a view, when the buffer is already read-only). */
  static ByteBuffer readOnly(ByteBuffer buffer) {
    if (buffer.isReadOnly()) {
      return buffer.slice();
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return ByteBuffer.wrap(copy).asReadOnlyBuffer();
  }
}
