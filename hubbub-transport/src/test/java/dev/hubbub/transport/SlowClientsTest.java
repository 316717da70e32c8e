package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slowloris and other clients that hold a socket without finishing: a request head or body trickled a byte at a
 * time is cut at {@code requestTimeout} counted from its first byte (not from the last byte, which a trickle would
 * renew forever), and a long poll whose response is never read ends the connection at {@code disconnectTimeout}.
 */
class SlowClientsTest extends TransportTestBase {
  /** Far below the trickle's length: the trickle below would take 80 s to reach the header limit. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

  private Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(15_000); // a bound for the test, far above the timeouts under test
    return s;
  }

  /**
   * Writes {@code head} at once, then one byte of {@code trickle} every 10 ms on its own thread until the server
   * closes the socket or the trickle ends; returns the thread.
   */
  private static Thread trickle(Socket s, String head, String trickle, AtomicInteger written) {
    Thread t = new Thread(() -> {
      try {
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(UTF_8));
        out.flush();
        for (byte b : trickle.getBytes(UTF_8)) {
          out.write(b);
          out.flush();
          written.incrementAndGet();
          Thread.sleep(10); // the pace of the attack, not a wait for the server
        }
      } catch (IOException | InterruptedException closed) {
        // the server closed the socket: what the test expects
      }
    }, "slowloris");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void assertCutAtTheRequestTimeout(String head, String trickled) throws Exception {
    long started = System.nanoTime();
    AtomicInteger written = new AtomicInteger();
    Thread writer;
    String answer;
    try (Socket s = connect()) {
      writer = trickle(s, head, trickled, written);
      answer = new String(s.getInputStream().readAllBytes(), UTF_8);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    writer.interrupt();
    assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
    assertThat(took).isGreaterThanOrEqualTo(REQUEST_TIMEOUT)
        // the whole trickle would take 80 s; a timeout renewed by each byte would never fire
        .isLessThan(Duration.ofSeconds(10));
    assertThat(written.get()).isLessThan(trickled.length());
    // others are served meanwhile and after
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(n.connectionToken()).isNotBlank();
  }

  @Test
  void headersTrickledAByteAtATimeAreCutAtTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(REQUEST_TIMEOUT).build());
    assertCutAtTheRequestTimeout("GET /chat/negotiate HTTP/1.1\r\nHost: localhost\r\n",
        "X-Slow: " + "a".repeat(8_000) + "\r\n\r\n");
  }

  @Test
  void aRequestLineTrickledAByteAtATimeIsCutAtTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(REQUEST_TIMEOUT).build());
    assertCutAtTheRequestTimeout("", "GET /chat/negotiate?x=" + "b".repeat(8_000) + " HTTP/1.1\r\n\r\n");
  }

  @Test
  void aBodyTrickledAByteAtATimeIsCutAtTheRequestTimeout() throws Exception {
    start(FAST.toBuilder().keepAliveTimeout(Duration.ofSeconds(30)).requestTimeout(REQUEST_TIMEOUT).build());
    String body = "c".repeat(8_000);
    assertCutAtTheRequestTimeout("POST /chat/negotiate HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
        + body.length() + "\r\n\r\n", body);
  }

  @Test
  void aLongPollWhoseResponseIsNeverReadEndsTheConnectionAtTheDisconnectTimeout() throws Exception {
    start(FAST.toBuilder().longPollTimeout(Duration.ofSeconds(5)).disconnectTimeout(Duration.ofMillis(500)).build());
    NegotiateResponse lp = client.negotiate("/chat", "negotiateVersion=1");
    assertThat(client.get("/chat?id=" + lp.connectionToken()).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection connection = handler.connection(0);
    try (Socket s = connect()) {
      s.setReceiveBufferSize(4096);
      // A poll that is never read: the client sends it and never reads the answer nor polls again.
      s.getOutputStream().write(("GET /chat?id=" + lp.connectionToken() + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .getBytes(UTF_8));
      for (int i = 0; i < 64; i++) {
        connection.write(Unpooled.copiedBuffer("x".repeat(16 * 1024) + "\u001e", UTF_8));
      }
      long started = System.nanoTime();
      assertThat(handler.take()).startsWith("closed");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(server.connectionCount()).isZero();
  }
}
