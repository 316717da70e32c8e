package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** keepAliveTimeout and requestTimeout on real sockets, and what they leave alone. */
class HttpTimeoutTest extends TransportTestBase {

  private Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(10_000); // a bound for the test, far above the timeouts under test
    return s;
  }

  /** Reads until the server closes the socket; returns what it sent. */
  private static String readToEnd(Socket s) throws Exception {
    return new String(s.getInputStream().readAllBytes(), UTF_8);
  }

  @Test
  void aSocketThatSendsNothingIsClosedAfterTheKeepAliveTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofSeconds(30)).build());
    long started = System.nanoTime();
    try (Socket s = connect()) {
      assertThat(readToEnd(s)).isEmpty();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aKeepAliveSocketIsClosedAfterTheTimeoutFollowingItsLastResponse() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofMillis(300)).build());
    try (Socket s = connect()) {
      s.getOutputStream().write("GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8));
      String all = readToEnd(s);
      assertThat(all).startsWith("HTTP/1.1 404").doesNotContainIgnoringCase("connection: close");
    }
  }

  @Test
  void halfARequestLineIsAnsweredWith408AndClosedAfterTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofMillis(300)).build());
    long started = System.nanoTime();
    try (Socket s = connect()) {
      s.getOutputStream().write("GET /ch".getBytes(UTF_8));
      assertThat(readToEnd(s)).startsWith("HTTP/1.1 408 Request Timeout")
          .containsIgnoringCase("connection: close")
          .endsWith("The request did not arrive whole within 300 ms (requestTimeout): send the request line,"
              + " headers and body together.");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void anUpgradeRequestThatNeverEndsIsClosedAfterTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofMillis(300)).build());
    try (Socket s = connect()) {
      // The blank line that ends the head never comes.
      s.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n").getBytes(UTF_8));
      assertThat(readToEnd(s)).startsWith("HTTP/1.1 408");
    }
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void aBodyThatNeverEndsIsClosedAfterTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofMillis(300)).build());
    try (Socket s = connect()) {
      s.getOutputStream().write("POST /chat/negotiate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc"
          .getBytes(UTF_8));
      assertThat(readToEnd(s)).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void aParkedLongPollAndOpenStreamsOutliveBothTimeouts() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofMillis(200)).requestTimeout(Duration.ofMillis(200))
        .longPollTimeout(Duration.ofMillis(1500)).disconnectTimeout(Duration.ofSeconds(10)).build());
    // Long polling: the first poll starts the connection, the second parks past both timeouts.
    NegotiateResponse lp = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(client.get("/chat?id=" + lp.connectionToken()).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    long polled = System.nanoTime();
    HttpResponse<String> parked = client.get("/chat?id=" + lp.connectionToken());
    assertThat(parked.statusCode()).isEqualTo(200); // the poll timeout's empty 200, not a dropped socket
    assertThat(Duration.ofNanos(System.nanoTime() - polled)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));

    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection wsConnection = handler.connection(1);
    NegotiateResponse sse = client.negotiate("/chat", "negotiateVersion=1");
    try (Socket stream = connect(); Socket idle = connect()) {
      OutputStream out = stream.getOutputStream();
      out.write(("GET /chat?id=" + sse.connectionToken() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream"
          + "\r\n\r\n").getBytes(UTF_8));
      InputStream in = stream.getInputStream();
      ServerSentEventsTest.readUntil(in, ":\r\n\r\n");
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection sseConnection = handler.connection(2);
      // An idle socket opened now is dropped after the keep-alive timeout; the streams opened before it are not.
      assertThat(readToEnd(idle)).isEmpty();
      wsConnection.write(Unpooled.copiedBuffer("ws\u001e", UTF_8));
      assertThat(ws.take()).isEqualTo("text:ws\u001e");
      sseConnection.write(Unpooled.copiedBuffer("sse\u001e", UTF_8));
      assertThat(ServerSentEventsTest.readUntil(in, "data: sse\u001e\r\n\r\n\r\n")).endsWith("data: sse\u001e\r\n\r\n\r\n");
    }
  }
}
