package dev.hubbub.protocol.framing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;

/** Any byte stream, cut anywhere, gives frames or a ProtocolException: nothing else. */
class FrameReaderFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void binaryFrames(FuzzedDataProvider data) {
    exercise(FrameReader.binary(1 + data.consumeInt(0, 4096)), data);
  }

  @FuzzTest(maxDuration = "10s")
  void textFrames(FuzzedDataProvider data) {
    exercise(FrameReader.text(1 + data.consumeInt(0, 4096)), data);
  }

  private static void exercise(FrameReader reader, FuzzedDataProvider data) {
    try {
      while (data.remainingBytes() > 0) {
        byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 64));
        reader.read(ByteBuffer.wrap(chunk), payload -> payload.get(new byte[payload.remaining()]));
      }
    } catch (ProtocolException expected) {
      // bad input is reported, never crashes
    }
  }
}
