package dev.hubbub.protocol.hub;

import dev.hubbub.protocol.MessageTooLargeException;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.framing.VarInt;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The {@code messagepack} hub protocol, version 2: one MessagePack array per message, each preceded by its
 * length as a {@link VarInt}.
 */
public final class MessagePackHubProtocol implements HubProtocol {
  /** The protocol's name in the handshake. */
  public static final String NAME = "messagepack";

  // msgpack-core's default packer starts with an 8 KB buffer; most hub messages are far smaller, and the
  // buffer is allocated per message. Larger messages grow into further buffers.
  static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

  private final HubProtocolOptions options;

  /** The protocol with {@link HubProtocolOptions#DEFAULTS}. */
  public MessagePackHubProtocol() {
    this(HubProtocolOptions.DEFAULTS);
  }

  /** The protocol with {@code options}. */
  public MessagePackHubProtocol(HubProtocolOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public TransferFormat transferFormat() {
    return TransferFormat.BINARY;
  }

  @Override
  public HubProtocolOptions options() {
    return options;
  }

  @Override
  public @Nullable HubMessage parseMessage(ByteBuffer payload) throws ProtocolException {
    if (payload.remaining() > options.maxMessageSize()) {
      throw new MessageTooLargeException(payload.remaining(), options.maxMessageSize());
    }
    // A copy: the caller's buffer is only valid during the call, raw values outlive it.
    byte[] input = new byte[payload.remaining()];
    payload.get(input);
    return MessagePackHubMessageParser.parse(input);
  }

  @Override
  public FrameReader newFrameReader() {
    return FrameReader.binary(options.maxMessageSize());
  }

  @Override
  public byte[] write(HubMessage message) {
    byte[] body = writeUnframed(message);
    byte[] framed = new byte[VarInt.size(body.length) + body.length];
    int prefix = VarInt.write(framed, 0, body.length);
    System.arraycopy(body, 0, framed, prefix, body.length);
    return framed;
  }

  @Override
  public byte[] writeUnframed(HubMessage message) {
    MessageBufferPacker out = PACKER.newBufferPacker();
    try {
      MessagePackHubMessageWriter.write(message, out, options.mapper());
    } catch (IOException e) {
      // Writing to memory fails only when a Java value cannot be serialized: a programming error.
      throw new IllegalArgumentException(
          "Cannot write " + message.type() + " message as MessagePack: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "MessagePackHubProtocol[" + options + "]";
  }
}
