package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link TransportServer#close()} gives every open WebSocket a close frame, never an abnormal (1006) end, even
 * for sockets whose upgrade the server finishes while it is closing.
 */
class ServerShutdownTest extends TransportTestBase {
  private static final int SOCKETS = 8;
  private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  /**
   * Opened sockets send their upgrade while the server closes; each one that got its 101 gets a close frame.
   * Before the fix about a third of these runs had a socket cut off after its 101.
   */
  @RepeatedTest(25)
  void everyUpgradedSocketGetsACloseFrameWhenTheServerClosesDuringUpgrades() throws Exception {
    start(FAST);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        sockets.add(s);
      }
      // Half upgrade before close() starts, half while it runs.
      for (int i = 0; i < SOCKETS / 2; i++) {
        send(sockets.get(i));
      }
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      for (int i = SOCKETS / 2; i < SOCKETS; i++) {
        send(sockets.get(i));
      }
      closing.get(10, TimeUnit.SECONDS);
      server = null;
      for (Socket s : sockets) {
        String outcome = readOutcome(s.getInputStream());
        assertThat(outcome).isIn("close:1000:Server is shutting down.", "refused");
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /** Clients connected before close() all get a close frame. */
  @RepeatedTest(10)
  void everyConnectedWebSocketGetsACloseFrame() throws Exception {
    handler.echo();
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(SOCKETS);
    for (TestClient.WsClient ws : clients) {
      ws.socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true);
    }
    server.close();
    server = null;
    for (TestClient.WsClient ws : clients) {
      String m = ws.take();
      while (m.startsWith("text:")) {
        m = ws.take();
      }
      assertThat(m).isEqualTo("close:1000:Server is shutting down.");
    }
  }

  private static void send(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(UPGRADE.getBytes(UTF_8));
      out.flush();
    } catch (java.io.IOException e) {
      // the server is already gone: this socket is "refused"
    }
  }

  /**
   * {@code close:<code>:<reason>} if the socket upgraded and then got a close frame; {@code abnormal:..} if it
   * upgraded and ended without one; {@code refused} if it never upgraded.
   */
  private static String readOutcome(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    try {
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return "refused";
        }
        head.append((char) b);
      }
    } catch (java.net.SocketException e) {
      return "refused";
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      return "refused";
    }
    try {
      int b0 = in.read();
      if (b0 < 0) {
        return "abnormal:end of stream after the 101";
      }
      int length = in.read() & 0x7F;
      byte[] payload = in.readNBytes(length);
      if (b0 != 0x88 || payload.length < 2) {
        return "abnormal:frame " + Integer.toHexString(b0);
      }
      return "close:" + (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)) + ":"
          + new String(payload, 2, payload.length - 2, UTF_8);
    } catch (java.net.SocketException e) {
      return "abnormal:" + e.getMessage();
    }
  }
}
