package dev.hubbub.protocol.service;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Any payload parses or fails with a ProtocolException; whatever parses writes back and parses again to an
 * equal message (the written form is canonical, so a second round trip is byte-identical).
 */
class ServiceProtocolFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void parse(FuzzedDataProvider data) throws ProtocolException {
    byte[] input = data.consumeRemainingAsBytes();
    Optional<ServiceMessage> message;
    try {
      message = ServiceProtocol.parse(ByteBuffer.wrap(input));
    } catch (ProtocolException expected) {
      return;
    }
    if (message.isPresent()) {
      byte[] written = ServiceProtocol.writePayload(message.get());
      ServiceMessage again = ServiceProtocol.parse(written).orElseThrow();
      if (!Arrays.equals(ServiceProtocol.writePayload(again), written)) {
        throw new AssertionError("write is not canonical for " + message.get());
      }
    }
  }
}
