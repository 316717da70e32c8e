package dev.hubbub.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Request targets other than {@code /path?query}, through the real codec and dispatcher. Found by
 * {@link NegotiateEndpointFuzzTest}: a target that did not start with {@code /} made the dispatcher throw,
 * and the socket was closed without a response.
 */
class RequestTargetTest {
  private static String respond(String request) {
    return NegotiateEndpointFuzzTest.respond(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void absoluteFormIsRoutedByItsPath() {
    // RFC 9112 3.2.2: a server must accept the absolute form
    String out = respond("POST http://localhost:8888/chat/negotiate?negotiateVersion=1 HTTP/1.1\r\n"
        + "Host: localhost\r\nContent-Length: 0\r\n\r\n");
    assertThat(out).startsWith("HTTP/1.1 200 ").contains("\"negotiateVersion\":1,\"connectionId\"");
  }

  @Test
  void aTargetThatIsNotAPathIs400NamingIt() {
    assertThat(respond("OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ").contains("the request target '*' is not a path");
    // the fuzzer's input: method 'OPTIONShta', target 'c//negotiate'
    assertThat(respond("OPTIONShta c//negotiate HTTP/0.1\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ").contains("'c//negotiate'");
  }

  @Test
  void aStrayPercentInThePathIsText() {
    // '/chat%zz/negotiate' is no route, so 404, answered rather than a closed socket
    assertThat(respond("POST /chat%zz/negotiate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 404 ");
  }
}
