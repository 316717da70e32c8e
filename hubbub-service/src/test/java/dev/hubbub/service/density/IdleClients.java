package dev.hubbub.service.density;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle SignalR clients in their own JVM, so that the measuring JVM holds only the server's side. Opens
 * {@code count} WebSockets to {@code /client/?hub=HUB} with {@code Authorization: Bearer TOKEN} (as the load
 * generator's idle scenario does), sends the JSON handshake on each, waits for its answer, prints
 * {@code ready N}, and holds the sockets until standard input ends. JDK classes only.
 *
 * <pre>java -cp target/test-classes dev.hubbub.service.density.IdleClients PORT COUNT HUB TOKEN</pre>
 */
public final class IdleClients {
  private IdleClients() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    String hub = args[2];
    String token = args[3];
    byte[] upgrade = ("GET /client/?hub=" + hub + " HTTP/1.1\r\nHost: localhost:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\nUser-Agent: Microsoft SignalR/10.0 (10.0.11; Unknown OS; NodeJS; 20.20.0)"
        + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] handshake = masked("{\"protocol\":\"json\",\"version\":1}\u001e".getBytes(StandardCharsets.UTF_8));
    List<SocketChannel> sockets = new ArrayList<>(count);
    ByteBuffer in = ByteBuffer.allocate(4096);
    for (int i = 0; i < count; i++) {
      SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      sockets.add(s);
      s.write(ByteBuffer.wrap(upgrade));
      in.clear();
      readUntil(s, in, "\r\n\r\n");
      String head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("socket " + i + " was not upgraded: " + head);
      }
      s.write(ByteBuffer.wrap(handshake));
      in.clear();
      readUntil(s, in, "{}\u001e"); // the handshake answer: one text frame holding {} and the separator
    }
    System.out.println("ready " + sockets.size());
    System.out.flush();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (stdin.readLine() != null) {
      // hold until the parent closes our input
    }
    for (SocketChannel s : sockets) {
      s.close();
    }
  }

  private static void readUntil(SocketChannel s, ByteBuffer in, String end) throws Exception {
    while (!new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1).contains(end)) {
      if (s.read(in) < 0) {
        throw new IllegalStateException("closed before '" + end + "'");
      }
    }
  }

  /** One masked text frame (a client's frames are masked; the mask is zero, which leaves the bytes as they are). */
  private static byte[] masked(byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(2 + 4 + payload.length);
    frame.put((byte) 0x81).put((byte) (0x80 | payload.length)).putInt(0).put(payload);
    return frame.array();
  }
}
