package dev.hubbub.protocol.framing;

import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/** Receives whole message payloads from a {@link FrameReader}. */
@FunctionalInterface
public interface FrameSink {
  /**
   * Called once per complete message with its payload, framing removed. The buffer is only valid during
   * the call: copy what must outlive it. Throwing stops the read; the reader then drops its partial state.
   */
  void accept(ByteBuffer payload) throws ProtocolException;
}
