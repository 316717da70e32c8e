package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.transport.internal.ServerSentEventsTestAccess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest extends TransportTestBase {

  @Test
  void streamFormatAndPostSends() throws Exception {
    start(FAST);
    String token = client.negotiate("/chat", "negotiateVersion=1").connectionToken();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /chat?id=" + token + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n")
          .containsIgnoringCase("content-type: text/event-stream\r\n")
          .containsIgnoringCase("cache-control: no-cache,no-store\r\n")
          .containsIgnoringCase("pragma: no-cache\r\n")
          .containsIgnoringCase("content-encoding: identity\r\n")
          .containsIgnoringCase("transfer-encoding: chunked\r\n");
      // Chunk framing: "3\r\n:\r\n\r\n" carries the first bytes ":\r\n".
      assertThat(readUntil(in, ":\r\n\r\n")).isEqualTo("3\r\n:\r\n\r\n");
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection c = handler.connection(0);
      assertThat(c.transport()).isEqualTo(TransportType.SERVER_SENT_EVENTS);
      assertThatThrownBy(() -> c.setTransferFormat(TransferFormat.BINARY))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text only");

      c.write(Unpooled.copiedBuffer("{\"type\":1}\u001e", UTF_8));
      String expected = "data: {\"type\":1}\u001e\r\n\r\n";
      String chunk = readUntil(in, expected + "\r\n");
      assertThat(chunk).isEqualTo(Integer.toHexString(expected.getBytes(UTF_8).length) + "\r\n" + expected + "\r\n");

      assertThat(client.post("/chat?id=" + token, "hello\u001e").statusCode()).isEqualTo(200);
      assertThat(handler.take()).isEqualTo("data:hello\u001e");

      // A second stream for the same connection is refused.
      var second = client.http.send(java.net.http.HttpRequest.newBuilder(client.uri("/chat?id=" + token))
          .header("Accept", "text/event-stream").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(409);

      c.close(null);
      assertThat(readUntil(in, "0\r\n\r\n")).isEqualTo("0\r\n\r\n");
      assertThat(handler.take()).isEqualTo("closed:");
    }
  }

  @Test
  void clientClosingTheStreamEndsTheConnection() throws Exception {
    start(FAST);
    String token = client.negotiate("/chat", "negotiateVersion=1").connectionToken();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(("GET /chat?id=" + token + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(UTF_8));
      readUntil(s.getInputStream(), ":\r\n\r\n");
      assertThat(handler.take()).isEqualTo("connected");
    }
    assertThat(handler.take()).isEqualTo("closed:");
  }

  @Test
  void multiLinePayloadsBecomeSeveralDataLines() {
    assertThat(encode("a\nb\r\nc")).isEqualTo("data: a\r\ndata: b\r\ndata: c\r\n\r\n");
    assertThat(encode("x")).isEqualTo("data: x\r\n\r\n");
    assertThat(encode("x\n")).isEqualTo("data: x\r\ndata: \r\n\r\n");
  }

  private static String encode(String payload) {
    ByteBuf in = Unpooled.copiedBuffer(payload, UTF_8);
    ByteBuf out = Unpooled.buffer();
    try {
      ServerSentEventsTestAccess.encodeEvent(in, out);
      return out.toString(UTF_8);
    } finally {
      in.release();
      out.release();
    }
  }

  /** Reads byte by byte until what was read ends with {@code end}; fails if the stream ends first. */
  static String readUntil(InputStream in, String end) throws Exception {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("stream ended before '" + end + "': " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString();
  }
}
