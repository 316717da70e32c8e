package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import java.nio.ByteBuffer;

/**
 * Decodes a stream of framed service messages (VarInt length + MessagePack array), several per read or one
 * split over reads; messages of unknown types are skipped. Not thread-safe: one per server connection.
 */
public final class ServiceMessageReader {
  /** The default largest message accepted, in bytes. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

  private final FrameReader frames;

  /** A reader refusing messages larger than {@code maxMessageSize} bytes before buffering them. */
  public ServiceMessageReader(int maxMessageSize) {
    this.frames = FrameReader.binary(maxMessageSize);
  }

  /** A reader with {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
  public ServiceMessageReader() {
    this(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * Reads all of {@code chunk}, passing each complete known message to {@code sink}.
   *
   * @throws ProtocolException on a malformed or oversized message; the stream should then be closed
   */
  public void read(ByteBuffer chunk, ServiceMessageSink sink) throws ProtocolException {
    frames.read(chunk, payload -> {
      var message = ServiceProtocol.parse(payload);
      if (message.isPresent()) {
        sink.accept(message.get());
      }
    });
  }

  /** Whether the last read ended inside a message. */
  public boolean hasPartialMessage() {
    return frames.hasPartialMessage();
  }
}
