package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The server side of the WebSocket opening handshake (RFC 6455, 4.2), on a real socket. */
class WebSocketUpgradeTest extends TransportTestBase {
  private static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  @Test
  void answersTheRfcsSampleKeyWithItsAcceptValue() throws Exception {
    start(FAST);
    try (Socket s = socket()) {
      s.getOutputStream().write(request("GET", "HTTP/1.1", "Upgrade", SAMPLE_KEY, "13").getBytes(US_ASCII));
      String head = readHead(s.getInputStream());
      // RFC 6455, section 1.3.
      assertThat(head).isEqualTo("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
      assertThat(handler.take()).isEqualTo("connected");
    }
  }

  @Test
  void acceptValueIsTheSha1OfKeyAndGuidForRandomKeys() throws Exception {
    start(FAST);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (int i = 0; i < 20; i++) {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String key = Base64.getEncoder().encodeToString(nonce);
      String expected = Base64.getEncoder().encodeToString(
          sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(US_ASCII)));
      try (Socket s = socket()) {
        s.getOutputStream().write(request("GET", "HTTP/1.1", "keep-alive, Upgrade", key, "13").getBytes(US_ASCII));
        assertThat(readHead(s.getInputStream())).contains("\r\nSec-WebSocket-Accept: " + expected + "\r\n");
        assertThat(handler.take()).isEqualTo("connected");
      }
      assertThat(handler.take()).isEqualTo("closed:");
    }
  }

  @Test
  void aFrameSentWithTheUpgradeRequestIsNotLost() throws Exception {
    handler.echo();
    start(FAST);
    try (Socket s = socket()) {
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(request("GET", "HTTP/1.1", "Upgrade", SAMPLE_KEY, "13").getBytes(US_ASCII));
      both.write(maskedText("early"));
      s.getOutputStream().write(both.toByteArray()); // one write: the frame follows the request in the same read
      InputStream in = s.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
      assertThat(handler.take()).isEqualTo("connected");
      assertThat(handler.take()).isEqualTo("data:early");
      byte[] echoed = in.readNBytes(7);
      assertThat(echoed[0] & 0xff).isEqualTo(0x81); // final text frame
      assertThat(echoed[1]).isEqualTo((byte) 5); // unmasked, 5 bytes
      assertThat(new String(echoed, 2, 5, UTF_8)).isEqualTo("early");
    }
  }

  @Test
  void badUpgradeRequestsGet400WithTheReasonAndNoConnection() throws Exception {
    start(FAST);
    assertRejected(request("GET", "HTTP/1.1", "Upgrade", null, "13"), 400, "Sec-WebSocket-Key header is missing");
    assertRejected(request("GET", "HTTP/1.1", "Upgrade", "c2hvcnQ=", "13"), 400, "16 bytes in Base64");
    assertRejected(request("GET", "HTTP/1.1", "Upgrade", "dGhlIHNhbXBsZSBub25jZQ!=", "13"), 400,
        "16 bytes in Base64");
    assertRejected(request("GET", "HTTP/1.1", "Upgrade", "x".repeat(4000), "13"), 400, "16 bytes in Base64");
    assertRejected(request("GET", "HTTP/1.1", "keep-alive", SAMPLE_KEY, "13"), 400, "token 'Upgrade'");
    assertRejected(request("GET", "HTTP/1.0", "Upgrade", SAMPLE_KEY, "13"), 400, "HTTP/1.1 or later");
    await().until(() -> server.connectionCount() == 0);
    // The server is unharmed: a good upgrade still works.
    try (Socket s = socket()) {
      s.getOutputStream().write(request("GET", "HTTP/1.1", "Upgrade", SAMPLE_KEY, "13").getBytes(US_ASCII));
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
      assertThat(handler.take()).isEqualTo("connected");
    }
  }

  @Test
  void otherProtocolVersionsGet426NamingVersion13() throws Exception {
    start(FAST);
    String eight = assertRejected(request("GET", "HTTP/1.1", "Upgrade", SAMPLE_KEY, "8"), 426,
        "WebSocket version '8' is not supported; this server speaks version 13.");
    assertThat(eight.toLowerCase(java.util.Locale.ROOT)).contains("\r\nsec-websocket-version: 13\r\n");
    String none = assertRejected(request("GET", "HTTP/1.1", "Upgrade", SAMPLE_KEY, null), 426,
        "Sec-WebSocket-Version header is missing");
    assertThat(none.toLowerCase(java.util.Locale.ROOT)).contains("\r\nsec-websocket-version: 13\r\n");
    await().until(() -> server.connectionCount() == 0);
  }

  /** Sends {@code request}, reads the response to the end (the server closes), checks status and reason. */
  private String assertRejected(String request, int status, String reason) throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write(request.getBytes(US_ASCII));
      s.shutdownOutput();
      s.setSoTimeout(10_000);
      String response = new String(s.getInputStream().readAllBytes(), UTF_8);
      assertThat(response).startsWith("HTTP/1.1 " + status + " ");
      assertThat(response).contains(reason);
      return response;
    }
  }

  private Socket socket() throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static String request(String method, String version, String connection, String key, String wsVersion) {
    StringBuilder sb = new StringBuilder()
        .append(method).append(" /chat ").append(version).append("\r\n")
        .append("Host: localhost\r\nUpgrade: websocket\r\nConnection: ").append(connection).append("\r\n");
    if (key != null) {
      sb.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    }
    if (wsVersion != null) {
      sb.append("Sec-WebSocket-Version: ").append(wsVersion).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  /** A final, masked text frame (clients must mask), payload under 126 bytes. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(UTF_8);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the server closed before the end of the response head: " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString();
  }
}
