package dev.hubbub.service.internal.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.transport.TransportRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The REST API's parsing, fed what a client can send: request lines for {@link RestRouter} and bodies for
 * {@link RestMessage}. Every input gives a result or a {@link RestException} with a documented status; nothing
 * else escapes, and what is accepted can be written to clients of both protocols.
 */
class RestApiFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> ROUTE_STATUSES = Set.of(400, 405);
  private static final Set<Integer> BODY_STATUSES = Set.of(400, 413, 415);
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "application/octet-stream", "text/json", "", "text/plain", "APPLICATION/JSON ;x=y");

  /** {@code METHOD target}, as in a request line: e.g. {@code POST /api/hubs/chat/groups/g/:send?api-version=1}. */
  @FuzzTest(maxDuration = "10s")
  void route(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    int space = line.indexOf(' ');
    String method = space < 0 ? "GET" : line.substring(0, space);
    String target = space < 0 ? line : line.substring(space + 1);
    TransportRequest request = new TransportRequest(method, target, new DefaultHttpHeaders(), null);
    String template = RestRouter.template(request.path());
    check(template.equals("unknown") || template.startsWith("/api/"), "template " + template);
    RestCall call;
    try {
      call = RestRouter.route(method, request.rawPath(), request.query());
    } catch (RestException e) {
      check(ROUTE_STATUSES.contains(e.status()) && e.getMessage() != null, e.status() + " " + e.getMessage());
      return;
    }
    if (call != null) {
      // "<application>_<hub>" when the query names an application, else the hub alone (which may hold '_' itself)
      List<String> application = request.query().get("application");
      String hub = application == null || application.isEmpty() ? call.hub()
          : call.hub().substring(application.get(0).length() + 1);
      check(NameRules.isValidHub(hub), "hub " + call.hub());
      check(call.ttlSeconds() == null || call.ttlSeconds() >= 0, "ttl " + call.ttlSeconds());
    }
  }

  /** The first byte picks the Content-Type, the rest is the body of a send. */
  @FuzzTest(maxDuration = "10s")
  void sendBody(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String contentType = CONTENT_TYPES.get((input[0] & 0xFF) % CONTENT_TYPES.size());
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    RestMessage message;
    try {
      message = RestMessage.parse(contentType, body, 4096);
    } catch (RestException e) {
      check(BODY_STATUSES.contains(e.status()) && e.getMessage() != null, e.status() + " " + e.getMessage());
      return;
    }
    if (message instanceof RestMessage.Json json) {
      // what RestApiHandler does next: keep the arguments raw, write them once per protocol
      Arguments arguments;
      try {
        arguments = Arguments.ofJsonArray(JSON.writeValueAsBytes(json.arguments()));
      } catch (ProtocolException | com.fasterxml.jackson.core.JsonProcessingException e) {
        return; // answered 400
      }
      InvocationMessage invocation = new InvocationMessage(json.target(), arguments);
      HubProtocols.JSON.write(invocation);
      HubProtocols.MESSAGEPACK.write(invocation);
    } else {
      check(!((RestMessage.PreEncoded) message).payloads().isEmpty(), "no payloads");
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
