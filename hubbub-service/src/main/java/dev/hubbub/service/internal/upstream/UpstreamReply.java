package dev.hubbub.service.internal.upstream;

import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import org.jspecify.annotations.Nullable;

/**
 * What a client receives for the upstream's HTTP answer to one of its invocations (reference section 6.4):
 * a 200 body is written to the client as it is (the upstream returns a complete framed hub message in the
 * client's protocol, as the Functions extension does), an empty 200 or a 204 is an empty Completion, anything
 * else a Completion error with the text Azure SignalR's emulator sends.
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
    return body.length == 0 ? protocol.write(CompletionMessage.empty(invocationId)) : body;
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
