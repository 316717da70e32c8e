package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/** Starts servers on port 0 and closes them after each test. */
abstract class TransportTestBase {
  static {
    LeakRecorder.install();
  }

  /** Short timeouts so timeout paths run in well under a second. */
  static final TransportOptions FAST = TransportOptions.builder()
      .longPollTimeout(Duration.ofMillis(300))
      // Long enough that a negotiated connection is not reaped before a client on a busy machine opens it; the
      // tests of the timeout itself set their own.
      .disconnectTimeout(Duration.ofSeconds(30))
      .webSocketCloseTimeout(Duration.ofMillis(500))
      .heartbeatInterval(Duration.ofMillis(50))
      .ioThreads(2)
      .build();

  TransportServer server;
  TestClient client;
  final RecordingHandler handler = new RecordingHandler();

  /** Runs {@code task} on the connection's loop and waits: everything posted there before has run. */
  static <T> T onLoop(TransportConnection c, java.util.concurrent.Callable<T> task) throws Exception {
    return c.eventLoop().submit(task).get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  TransportServer start(TransportOptions options, TransportRoute... routes) {
    TransportServer.Builder b = TransportServer.builder(options);
    for (TransportRoute r : routes) {
      b.route(r);
    }
    return started(b.start());
  }

  TransportServer start(TransportOptions options) {
    return start(options, TransportRoute.of("/chat", new TransportApplication("chat", handler)));
  }

  TransportServer started(TransportServer s) {
    server = s;
    client = new TestClient(s.port());
    return s;
  }

  /**
   * A raw socket to {@code /chat}, upgraded to a WebSocket, its 101 read; the receive buffer set before it
   * connects (small ones make the server's writes wait on the client).
   */
  Socket upgradedSocket(int receiveBuffer) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(receiveBuffer);
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
    s.setSoTimeout(20_000); // a bound for the test, far above the timeouts under test
    s.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(UTF_8));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(UTF_8).contains("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the 101 before the end of the stream").isNotNegative();
      head.write(b);
    }
    assertThat(head.toString(UTF_8)).startsWith("HTTP/1.1 101");
    return s;
  }

  /** Opens {@code n} WebSockets to {@code /chat}, each seen connected by the handler. */
  List<TestClient.WsClient> connectWebSockets(int n) throws Exception {
    List<TestClient.WsClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(client.webSocket("/chat"));
      assertThat(handler.take()).isEqualTo("connected");
    }
    return clients;
  }

  /** Something a writer thread does, given its number. */
  interface Writer {
    void run(int writer) throws Exception;
  }

  /** Runs {@code writers} writer threads at once and returns when all are done, failing with the first failure. */
  static void inParallel(int writers, Writer writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int n = w;
        done.add(pool.submit(() -> {
          writer.run(n);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
    handler.assertClean();
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).as("buffers garbage-collected without release").isEmpty();
  }
}
