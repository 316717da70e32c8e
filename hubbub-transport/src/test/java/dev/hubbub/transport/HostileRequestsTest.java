package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests a public endpoint gets from broken or hostile clients, on real sockets: oversized request lines, header
 * sections and cookies answered with the documented status and a reason, the socket closed, and the server serving
 * everyone else meanwhile; many idle sockets closed at their timeout.
 */
class HostileRequestsTest extends TransportTestBase {

  private Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(10_000); // a bound for the test, far above the timeouts under test
    return s;
  }

  /** Sends {@code request} (the server may close before it is all written) and reads until the server closes. */
  private String exchange(String request) throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(UTF_8));
        out.flush();
      } catch (SocketException closedEarly) {
        // the server answered and closed before the rest was read; the answer is still in our receive buffer
      }
      return new String(s.getInputStream().readAllBytes(), UTF_8);
    }
  }

  private void othersAreServed() throws Exception {
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(n.connectionToken()).isNotBlank();
  }

  @Test
  void anOversizedRequestLineIs414WithTheLimitNamed() throws Exception {
    start(FAST.toBuilder().maxRequestLineBytes(4096).build());
    String answer = exchange("POST /chat/negotiate?x=" + "a".repeat(8_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 414").containsIgnoringCase("connection: close")
        .endsWith("The request line is longer than 4096 bytes (maxRequestLineBytes): shorten the URL and its query "
            + "string.");
    othersAreServed();
  }

  @Test
  void oversizedHeadersManyOrOneHugeOrACookieAre431() throws Exception {
    start(FAST.toBuilder().maxHeaderBytes(8192).build());
    StringBuilder many = new StringBuilder("GET /chat HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 500; i++) {
      many.append("X-Filler-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
    }
    List<String> requests = List.of(
        many.append("\r\n").toString(),
        "GET /chat HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "h".repeat(20_000) + "\r\n\r\n",
        "GET /chat HTTP/1.1\r\nHost: localhost\r\nCookie: session=" + "c".repeat(20_000) + "\r\n\r\n");
    for (String request : requests) {
      assertThat(exchange(request)).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close")
          .endsWith("The request's headers are larger than 8192 bytes (maxHeaderBytes): send fewer or smaller "
              + "headers (cookies count).");
    }
    othersAreServed();
  }

  @Test
  void theDefaultsTakeAJwtInTheQueryAndRefuseFarMore() throws Exception {
    start(FAST);
    String jwt = "e".repeat(4_000);
    assertThat(exchange("POST /chat/negotiate?negotiateVersion=1&access_token=" + jwt
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    assertThat(exchange("GET /chat?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .startsWith("HTTP/1.1 414").contains("16384 bytes");
    assertThat(exchange("GET /chat HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "h".repeat(40_000) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431").contains("32768 bytes");
  }

  @Test
  void garbageInsteadOfHttpIs400AndTheServerGoesOn() throws Exception {
    start(FAST);
    assertThat(exchange("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 not http\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    othersAreServed();
  }

  @Test
  void aThousandSocketsThatSendNothingAreClosedAtTheKeepAliveTimeoutWhileOthersAreServed() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofMillis(500)).build());
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 1000; i++) {
        idle.add(connect());
      }
      othersAreServed();
      for (Socket s : idle) {
        assertThat(s.getInputStream().read()).as("closed by the server without an answer").isEqualTo(-1);
      }
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    othersAreServed();
  }
}
