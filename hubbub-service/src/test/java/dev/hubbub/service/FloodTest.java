package dev.hubbub.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Floods a public endpoint gets, by the hundred or thousand at once on real sockets: connections past
 * {@code maxConnections}, WebSockets that never send the SignalR handshake, and clients that never read while a
 * broadcast runs. Each is refused or closed as {@code docs/service.md} says, and the clients already connected keep
 * receiving every message, in order.
 */
class FloodTest extends ServiceTestSupport {
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the next one still closes
      }
    }
  }

  /** A socket that sends {@code GET /client/?hub=chat} as a WebSocket upgrade without negotiate. */
  private Socket upgrade(int receiveBuffer) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new java.net.InetSocketAddress("127.0.0.1", service.port()), 10_000);
    s.setSoTimeout(20_000); // a bound for the test, far above the timeouts under test
    s.getOutputStream().write(("GET /client/?hub=chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Authorization: Bearer " + RawSignalRClient.clientToken(service, "chat", null) + "\r\n\r\n").getBytes(UTF_8));
    return s;
  }

  /** Reads until {@code marker} has arrived; returns what was read. */
  private static String readUntil(InputStream in, String marker) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!seen.toString(UTF_8).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      seen.write(buf, 0, n);
    }
    return seen.toString(UTF_8);
  }

  /** A client text frame with a zero mask key. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(UTF_8);
    assertThat(payload.length).isLessThan(126);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }

  private void broadcastAndReceive(List<RawSignalRClient> clients, int i, String pad) throws Exception {
    broadcast("chat", "n", "[" + i + ",\"" + pad + "\"]");
    for (RawSignalRClient c : clients) {
      assertThat(c.nextText()).isEqualTo("{\"type\":1,\"target\":\"n\",\"arguments\":[" + i + ",\"" + pad + "\"]}"
          + RS);
    }
  }

  @Test
  void aConnectionFloodPastMaxConnectionsIs503WhileTheConnectedKeepReceiving() throws Exception {
    start(ServiceOptions.builder().maxConnections(20));
    List<RawSignalRClient> connected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      connected.add(json("chat"));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest negotiate = HttpRequest.newBuilder(
            URI.create(service.endpoint() + "/client/negotiate?hub=chat&negotiateVersion=1"))
        .header("Authorization", "Bearer " + RawSignalRClient.clientToken(service, "chat", null))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
    // 300 negotiations and 300 WebSockets without negotiate, all in flight at once
    List<CompletableFuture<HttpResponse<String>>> negotiations = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      negotiations.add(http.sendAsync(negotiate, HttpResponse.BodyHandlers.ofString()));
    }
    List<Socket> upgrades = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      upgrades.add(upgrade(0));
    }
    for (int i = 0; i < 10; i++) {
      broadcastAndReceive(connected, i, "during the flood");
    }
    for (CompletableFuture<HttpResponse<String>> f : negotiations) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("The server has reached its limit of 20 connections.");
    }
    for (Socket s : upgrades) {
      assertThat(readUntil(s.getInputStream(), "\r\n")).startsWith("HTTP/1.1 503");
    }
    assertThat(service.connectionCount()).isEqualTo(20);
    for (int i = 10; i < 20; i++) {
      broadcastAndReceive(connected, i, "after the flood");
    }
  }

  @Test
  void aThousandWebSocketsThatNeverSendTheHandshakeAreCanceledAtTheHandshakeTimeout() throws Exception {
    start(ServiceOptions.builder().handshakeTimeout(Duration.ofMillis(1000)));
    List<RawSignalRClient> connected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      connected.add(json("chat"));
    }
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      silent.add(upgrade(0));
    }
    long upgraded = System.nanoTime();
    for (Socket s : silent) {
      assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
    }
    for (int i = 0; i < 10; i++) {
      broadcastAndReceive(connected, i, "while they wait");
    }
    for (Socket s : silent) {
      // the handshake error, then a close frame, then the end of the stream
      String rest = new String(s.getInputStream().readAllBytes(), UTF_8);
      assertThat(rest).contains("{\"error\":\"Handshake was canceled.\"}" + RS);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - upgraded)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    await().atMost(Duration.ofSeconds(10)).until(() -> service.connectionCount() == 5);
    broadcastAndReceive(connected, 10, "after");
  }

  @Test
  void aThousandClientsThatNeverReadAreClosedAtTheQueueBoundWhileOthersReceiveEverything() throws Exception {
    int bound = 64 * 1024;
    start(ServiceOptions.builder().maxOutboundQueueBytes(bound));
    List<RawSignalRClient> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(json("chat"));
    }
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Socket s = upgrade(4096);
      assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
      s.getOutputStream().write(maskedText("{\"protocol\":\"json\",\"version\":1}" + RS));
      assertThat(readUntil(s.getInputStream(), "{}" + RS)).endsWith("{}" + RS);
      slow.add(s);
    }
    assertThat(service.connectionCount()).isEqualTo(1003);
    // From here the thousand never read. Each broadcast queues 16 KB more for each of them.
    String pad = "z".repeat(16 * 1024);
    int sent = 0;
    long pooledBefore = pooledBytes();
    long pooledMost = pooledBefore;
    while (service.connectionCount() > 3 && sent < 300) {
      broadcastAndReceive(readers, sent, pad);
      sent++;
      pooledMost = Math.max(pooledMost, pooledBytes());
    }
    // what each client has queued (frames coalesced into its own write buffer) stays within its bound; 16 MiB
    // for the pool's chunks
    assertThat(pooledMost - pooledBefore).as("pooled buffer memory grown while the slow clients queued")
        .isLessThan(1000L * bound + 16L * 1024 * 1024);
    // the kernel's buffers take some before the service's queue grows; then the bound closes them
    assertThat(sent).as("broadcasts of 16 KB before all the slow clients were closed").isLessThan(300);
    await().atMost(Duration.ofSeconds(20)).until(() -> service.connectionCount() == 3);
    for (int i = sent; i < sent + 10; i++) {
      broadcastAndReceive(readers, i, "after");
    }
    // Each socket ends: with the 1008 close if it fit in what the client could still take, else dropped after the
    // close timeout. Either way what it got is bounded by the queue bound plus the kernel's buffers.
    long most = 0;
    int closedWith1008 = 0;
    for (Socket s : slow) {
      byte[] rest = s.getInputStream().readAllBytes();
      most = Math.max(most, rest.length);
      String close = closeFrame(rest);
      if (close != null) {
        assertThat(close).startsWith("1008 Client too slow");
        closedWith1008++;
      }
    }
    assertThat(most).as("bytes one slow client received").isLessThan(300L * pad.length());
    System.out.printf("1000 slow consumers: closed after %d broadcasts of 16 KB, at most %d bytes each, %d read "
        + "the 1008 close; pooled buffers grew by at most %d KB%n", sent, most, closedWith1008,
        (pooledMost - pooledBefore) / 1024);
  }

  @Test
  void aClientThatStopsReadingIsCountedAsBackloggedUntilItReadsWhileOthersReceiveEverything() throws Exception {
    start(ServiceOptions.builder().backlogBytes(32 * 1024));
    List<RawSignalRClient> readers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      readers.add(json("chat"));
    }
    Socket slow = upgrade(4096);
    assertThat(readUntil(slow.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
    slow.getOutputStream().write(maskedText("{\"protocol\":\"json\",\"version\":1}" + RS));
    assertThat(readUntil(slow.getInputStream(), "{}" + RS)).endsWith("{}" + RS);
    assertThat(service.backloggedConnections()).isZero();
    // The slow client stops reading: once the kernel's buffers are full, each broadcast queues 16 KB more for it,
    // so it passes the 32 KiB mark long before the 1 MiB bound that would close it.
    String pad = "z".repeat(16 * 1024);
    int sent = 0;
    while (service.backloggedConnections() == 0 && sent < 300) {
      broadcastAndReceive(readers, sent, pad);
      sent++;
    }
    assertThat(service.backloggedConnections()).as("backlogged after %d broadcasts of 16 KB", sent).isEqualTo(1);
    assertThat(service.connectionCount()).isEqualTo(3);
    broadcastAndReceive(readers, sent++, "while it is backlogged");
    // It reads again: its queue drains and the count goes back to zero; nothing was lost for the others.
    Thread drain = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try {
        InputStream in = slow.getInputStream();
        while (in.read(buf) >= 0) {
          // discard
        }
      } catch (IOException closedByTheTest) {
        // the test closed the socket
      }
    }, "slow-client-reader");
    drain.setDaemon(true);
    drain.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> service.backloggedConnections() == 0);
    assertThat(service.connectionCount()).isEqualTo(3);
    broadcastAndReceive(readers, sent, "after");
  }

  /** Heap and direct memory held by Netty's default pooled allocator, which the transport writes with. */
  private static long pooledBytes() {
    var metric = ((io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT).metric();
    return metric.usedDirectMemory() + metric.usedHeapMemory();
  }

  /** The status and reason of the close frame among the server's frames in {@code data}, or null. */
  private static String closeFrame(byte[] data) {
    int p = 0;
    while (p + 2 <= data.length) {
      int opcode = data[p] & 0x0f;
      int length = data[p + 1] & 0x7f;
      int header = 2;
      if (length == 126) {
        if (p + 4 > data.length) {
          return null;
        }
        length = ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
        header = 4;
      } else if (length == 127) {
        if (p + 10 > data.length) {
          return null;
        }
        length = (int) java.nio.ByteBuffer.wrap(data, p + 2, 8).getLong();
        header = 10;
      }
      if (p + header + length > data.length) {
        return null; // cut short: the socket was dropped
      }
      if (opcode == 8 && length >= 2) {
        int code = ((data[p + header] & 0xff) << 8) | (data[p + header + 1] & 0xff);
        return code + " " + new String(data, p + header + 2, length - 2, UTF_8);
      }
      p += header + length;
    }
    return null;
  }
}
