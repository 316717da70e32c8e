package dev.hubbub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The self-hosted hub server under floods, on real sockets: connections past {@code maxConnections}, WebSockets
 * that never send the handshake, and a thousand clients that never read while a broadcast runs. The clients
 * already connected keep receiving every message, in order. (The service's counterpart is
 * {@code dev.hubbub.service.FloodTest}.)
 */
class FloodTest {
  private static final char RS = '\u001e';
  private final List<Socket> sockets = new ArrayList<>();
  private HubServer server;

  /** A hub with no methods: the test broadcasts through its {@link HubContext}. */
  public static class QuietHub extends Hub {}

  /** Keeps each connection's context, for {@link HubCallerContext#queuedBytes()}. */
  public static class WatchedHub extends Hub {
    static final java.util.Map<String, HubCallerContext> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onConnected() {
      CONTEXTS.put(context().connectionId(), context());
    }
  }

  @AfterEach
  void close() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // the next one still closes
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private Socket upgrade(int receiveBuffer) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
    s.setSoTimeout(20_000); // a bound for the test, far above the timeouts under test
    s.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(UTF_8));
    return s;
  }

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

  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(UTF_8);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(payload, 0, frame, 6, payload.length);
    return frame;
  }

  private void broadcastAndReceive(List<WsClient> clients, int i, String pad) throws Exception {
    server.hubContext("/chat").clients().all().send("n", i, pad).join();
    for (WsClient c : clients) {
      assertThat(c.next().toString()).isEqualTo("{\"type\":1,\"target\":\"n\",\"arguments\":[" + i + ",\"" + pad
          + "\"]}");
    }
  }

  @Test
  void connectionsPastMaxConnectionsAre503WhileTheConnectedKeepReceiving() throws Exception {
    server = HubServer.builder().port(0).hub("/chat", QuietHub.class).transport(t -> t.maxConnections(10)).start();
    List<WsClient> connected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      connected.add(WsClient.connect(server, "/chat", ""));
    }
    List<Socket> refused = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      refused.add(upgrade(0));
    }
    for (int i = 0; i < 10; i++) {
      broadcastAndReceive(connected, i, "during the flood");
    }
    for (Socket s : refused) {
      assertThat(readUntil(s.getInputStream(), "\r\n")).startsWith("HTTP/1.1 503");
    }
    assertThat(server.connectionCount()).isEqualTo(10);
    broadcastAndReceive(connected, 10, "after");
  }

  @Test
  void aThousandWebSocketsThatNeverSendTheHandshakeAreClosedAtTheHandshakeTimeout() throws Exception {
    server = HubServer.builder().port(0).hub("/chat", QuietHub.class)
        .options(o -> o.handshakeTimeout(Duration.ofMillis(1000))).start();
    List<WsClient> connected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      connected.add(WsClient.connect(server, "/chat", ""));
    }
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      silent.add(upgrade(0));
    }
    for (Socket s : silent) {
      assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
    }
    for (int i = 0; i < 10; i++) {
      broadcastAndReceive(connected, i, "while they wait");
    }
    for (Socket s : silent) {
      assertThat(new String(s.getInputStream().readAllBytes(), UTF_8))
          .contains("{\"error\":\"Handshake was canceled.\"}" + RS);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 5);
    broadcastAndReceive(connected, 10, "after");
  }

  @Test
  void aThousandClientsThatNeverReadAreClosedWhileOthersReceiveEverything() throws Exception {
    server = HubServer.builder().port(0).hub("/chat", QuietHub.class)
        .transport(t -> t.maxOutboundQueueBytes(64 * 1024)).start();
    List<WsClient> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(WsClient.connect(server, "/chat", ""));
    }
    for (int i = 0; i < 1000; i++) {
      Socket s = upgrade(4096);
      assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
      s.getOutputStream().write(maskedText("{\"protocol\":\"json\",\"version\":1}" + RS));
      assertThat(readUntil(s.getInputStream(), "{}" + RS)).endsWith("{}" + RS);
    }
    assertThat(server.connectionCount()).isEqualTo(1003);
    String pad = "z".repeat(16 * 1024);
    int sent = 0;
    while (server.connectionCount() > 3 && sent < 300) {
      broadcastAndReceive(readers, sent, pad);
      sent++;
    }
    assertThat(sent).as("broadcasts of 16 KB before all the slow clients were closed").isLessThan(300);
    await().atMost(Duration.ofSeconds(20)).until(() -> server.connectionCount() == 3);
    for (int i = sent; i < sent + 10; i++) {
      broadcastAndReceive(readers, i, "after");
    }
  }

  /**
   * {@link HubCallerContext#queuedBytes()} shows how far a client that stopped reading has fallen behind: it grows
   * while sends pile up behind the full socket, and is 0 once the connection has ended.
   */
  @Test
  void aClientThatStopsReadingShowsItsBacklogInQueuedBytes() throws Exception {
    Socket s = connectWatched();
    HubCallerContext context = WatchedHub.CONTEXTS.values().iterator().next();
    assertThat(context.queuedBytes()).isZero();

    fillBacklog(context);

    s.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> context.queuedBytes() == 0);
  }

  /**
   * {@link HubCallerContext#whenQueuedAtMost} lets a sender wait for a client that fell behind: it stays pending
   * while the client does not read, completes once the client has read the backlog down to the level, and
   * completes at once for a connection that has ended.
   */
  @Test
  void aSenderCanWaitForAClientThatFellBehind() throws Exception {
    Socket s = connectWatched();
    HubCallerContext context = WatchedHub.CONTEXTS.values().iterator().next();
    assertThat(context.whenQueuedAtMost(0).toCompletableFuture()).as("nothing queued").isDone();
    assertThatThrownBy(() -> context.whenQueuedAtMost(-1)).isInstanceOf(IllegalArgumentException.class);

    fillBacklog(context);
    CompletableFuture<Void> caughtUp = context.whenQueuedAtMost(64 * 1024).toCompletableFuture();
    assertThat(caughtUp).as("the client has not read anything yet").isNotDone();

    startReading(s);
    caughtUp.get(20, TimeUnit.SECONDS);
    assertThat(context.queuedBytes()).isLessThanOrEqualTo(64 * 1024);

    s.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> context.queuedBytes() == 0);
    assertThat(context.whenQueuedAtMost(0).toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
  }

  /**
   * {@link HubServer#backloggedConnections()} counts the client that fell behind (more than {@code backlogBytes}
   * queued, 64 KiB by default) and {@link HubServer#whenNoneBacklogged()} lets a broadcaster wait for it without
   * visiting each connection; both are back at rest once it has read the backlog down.
   */
  @Test
  void aBroadcasterCanWaitUntilNoClientIsBacklogged() throws Exception {
    Socket s = connectWatched();
    HubCallerContext context = WatchedHub.CONTEXTS.values().iterator().next();
    assertThat(server.backloggedConnections()).isZero();
    assertThat(server.whenNoneBacklogged().toCompletableFuture()).as("nobody behind").isDone();

    fillBacklog(context);
    assertThat(server.backloggedConnections()).isEqualTo(1);
    CompletableFuture<Void> clear = server.whenNoneBacklogged().toCompletableFuture();
    assertThat(clear).as("the client has not read anything yet").isNotDone();

    startReading(s);
    clear.get(20, TimeUnit.SECONDS);
    assertThat(context.queuedBytes()).isLessThanOrEqualTo(64 * 1024);
    assertThat(server.backloggedConnections()).isZero();
    s.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> context.queuedBytes() == 0);
    assertThat(server.backloggedConnections()).isZero();
  }

  /**
   * A hub server whose hub keeps its connections' contexts, and one raw WebSocket client that completed the JSON
   * handshake (its context is the only one kept); the client reads nothing more unless the test does.
   */
  private Socket connectWatched() throws Exception {
    WatchedHub.CONTEXTS.clear();
    server = HubServer.builder().port(0).hub("/chat", WatchedHub.class)
        .transport(t -> t.maxOutboundQueueBytes(64L << 20)).start();
    Socket s = upgrade(4096);
    assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
    s.getOutputStream().write(maskedText("{\"protocol\":\"json\",\"version\":1}" + RS));
    assertThat(readUntil(s.getInputStream(), "{}" + RS)).contains("{}" + RS);
    await().atMost(Duration.ofSeconds(10)).until(() -> WatchedHub.CONTEXTS.size() == 1);
    return s;
  }

  /** Reads and discards everything the client is sent, on a thread of its own, until the socket closes. */
  private static void startReading(Socket s) {
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = s.getInputStream()) {
        while (in.read(buffer) >= 0) {
          // discard: only how much is queued on the server matters here
        }
      } catch (IOException closedByTheTest) {
        // the test closed the socket
      }
    }, "flood-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends 16 MB to a client that does not read (far more than the kernel's buffers on both sides take). */
  private void fillBacklog(HubCallerContext context) {
    String pad = "x".repeat(16_000);
    for (int i = 0; i < 1_000; i++) {
      server.hubContext("/chat").clients().client(context.connectionId()).send("n", i, pad);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> context.queuedBytes() > (4L << 20));
  }
}
