package dev.hubbub.service.internal.upstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocols;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Whatever an upstream answers to a client invocation, the client receives whole hub messages of its own
 * protocol: its stream is never left inside a partial or foreign message.
 */
class UpstreamReplyFuzzTest {
  private static final List<Integer> STATUSES = List.of(200, 200, 200, 204, 404, 500, 302);

  /** First byte: protocol (bit 0) and status (the rest); then the answer's body. */
  @FuzzTest(maxDuration = "10s")
  void reply(byte[] input) {
    if (input.length == 0) {
      return;
    }
    HubProtocol protocol = (input[0] & 1) == 0 ? HubProtocols.JSON : HubProtocols.MESSAGEPACK;
    int status = STATUSES.get(((input[0] & 0xFF) >> 1) % STATUSES.size());
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    byte[] reply = UpstreamReply.toClient(protocol, "7", status, body);
    try {
      List<HubMessage> messages = protocol.parseMessages(ByteBuffer.wrap(reply));
      if (messages.isEmpty()) {
        throw new AssertionError("the client got no message for status " + status);
      }
    } catch (ProtocolException e) {
      throw new AssertionError("the client got bytes it cannot read (" + protocol.name() + ", status " + status
          + "): " + e.getMessage(), e);
    }
  }
}
