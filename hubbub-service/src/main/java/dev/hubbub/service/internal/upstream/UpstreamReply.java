package dev.hubbub.service.internal.upstream;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocols;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What a client receives for the upstream's HTTP answer to one of its invocations (reference section 6.4):
 * a 200 body is written to the client as it is (the upstream returns a complete framed hub message in the
 * client's protocol, as the Functions extension does), an empty 200 or a 204 is an empty Completion, anything
 * else a Completion error with the text Azure SignalR's emulator sends.
 *
 * <p>Unlike the emulator, a 200 body that is not whole framed messages of the client's protocol (an unframed
 * message, another protocol, plain text) is not written: it would leave the client's stream inside a message
 * and break the next one. The client gets a Completion error saying what was wrong instead.
 */
final class UpstreamReply {
  private UpstreamReply() {}

  /**
   * The bytes to write to the client.
   *
   * @param status the HTTP status of the upstream's answer
   * @param body the answer's body as read: at most {@link UpstreamClient#MAX_RESPONSE_BYTES} + 1 bytes
   */
  static byte[] toClient(HubProtocol protocol, String invocationId, int status, byte[] body) {
    String failure = failure(status, body);
    if (failure != null) {
      return protocol.write(CompletionMessage.withError(invocationId, failure));
    }
    if (body.length == 0) {
      return protocol.write(CompletionMessage.empty(invocationId));
    }
    String malformed = malformed(protocol, body);
    return malformed == null ? body
        : protocol.write(CompletionMessage.withError(invocationId, "Invocation failed, " + malformed));
  }

  /** Why {@code body} is not whole framed messages of {@code protocol}, or null when it is. */
  private static @Nullable String malformed(HubProtocol protocol, byte[] body) {
    // the client's own limit does not apply to what it receives; the upstream's answers are bounded already
    HubProtocol reader = HubProtocols.byName(protocol.name(),
        protocol.options().toBuilder().maxMessageSize(UpstreamClient.MAX_RESPONSE_BYTES).build()).orElse(protocol);
    try {
      if (reader.parseMessages(ByteBuffer.wrap(body)).isEmpty()) {
        return "the upstream's answer holds no " + protocol.name() + " hub message.";
      }
      return null;
    } catch (ProtocolException e) {
      return "the upstream's answer is not a framed " + protocol.name() + " hub message: " + e.getMessage();
    }
  }

  /** The Completion error for this answer, or null when it is a success. */
  static @Nullable String failure(int status, byte[] body) {
    if (status == 200 && body.length > UpstreamClient.MAX_RESPONSE_BYTES) {
      return "Invocation failed, response too large.";
    }
    if (status != 200 && status != 204) {
      return "Invocation failed, status code " + status;
    }
    return null;
  }
}
