package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketTransportTest extends TransportTestBase {

  @Test
  void echoesTextThroughANegotiatedConnection() throws Exception {
    handler.echo();
    start(FAST);
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    TestClient.WsClient ws = client.webSocket("/chat?id=" + n.connectionToken());
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    assertThat(c.connectionId()).isEqualTo(n.connectionId());
    assertThat(c.connectionToken()).isEqualTo(n.connectionToken());
    assertThat(c.transport()).isEqualTo(TransportType.WEB_SOCKETS);
    assertThat(c.negotiateVersion()).isEqualTo(1);
    assertThat(c.request().queryParam("ID")).isEqualTo(n.connectionToken());

    ws.sendText("{\"protocol\":\"json\",\"version\":1}\u001e");
    assertThat(handler.take()).isEqualTo("data:{\"protocol\":\"json\",\"version\":1}\u001e");
    assertThat(ws.take()).isEqualTo("text:{\"protocol\":\"json\",\"version\":1}\u001e");

    ws.socket.sendClose(1000, "bye").join();
    assertThat(ws.take()).isEqualTo("close:1000:");
    assertThat(handler.take()).isEqualTo("closed:");
    await().until(() -> server.connectionCount() == 0);
  }

  @Test
  void echoesBinaryFramesWhenTheFormatIsBinary() throws Exception {
    ConnectionHandler binaryEcho = new ConnectionHandler() {
      @Override
      public void onConnected(TransportConnection c) {
        c.setTransferFormat(TransferFormat.BINARY);
        handler.onConnected(c);
      }

      @Override
      public void onData(TransportConnection c, ByteBuf data) {
        c.write(data);
      }

      @Override
      public void onClosed(TransportConnection c, Throwable error) {
        handler.onClosed(c, error);
      }
    };
    start(FAST, TransportRoute.of("/chat", new TransportApplication("chat", binaryEcho)));
    TestClient.WsClient ws = client.webSocket("/chat"); // skipNegotiation
    assertThat(handler.take()).isEqualTo("connected");
    assertThat(handler.connection(0).negotiateVersion()).isZero();
    ws.sendBinary(new byte[] {3, 'a', 'b', 'c'});
    assertThat(ws.take()).isEqualTo("binary:\u0003abc");
  }

  @Test
  void authenticatedUserAndRequestAreOnTheConnection() throws Exception {
    Authenticator auth = (request, app) -> "t1".equals(request.accessToken())
        ? AuthResult.allow(new TransportUser("alice", java.util.Map.of("role", java.util.List.of("admin"))))
        : AuthResult.unauthorized();
    start(FAST, TransportRoute.of("/chat", new TransportApplication("chat", handler)).withAuthenticator(auth));
    assertThat(rejectedUpgrade("/chat")).isEqualTo(401);
    client.webSocket("/chat?access_token=t1");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    assertThat(c.user().id()).isEqualTo("alice");
    assertThat(c.user().claims()).containsEntry("role", java.util.List.of("admin"));
    assertThat(c.request().remoteAddress()).isNotNull();
    assertThat(c.request().path()).isEqualTo("/chat");
    assertThat(c.application().key()).isEqualTo("chat");
    c.attributes().put("k", "v");
    assertThat(c.attributes()).containsEntry("k", "v");
    assertThat(c.attachment()).isNull();
    c.attach("session");
    assertThat(c.attachment()).isEqualTo("session");
    assertThat(c.attributes()).doesNotContainValue("session");
  }

  @Test
  void broadcastFromAnotherThreadReachesEveryConnectionInOrder() throws Exception {
    start(FAST);
    int connections = 20;
    int messages = 100;
    java.util.List<TestClient.WsClient> clients = connectWebSockets(connections);
    for (int m = 0; m < messages; m++) {
      ByteBuf payload = Unpooled.copiedBuffer(m + "\u001e", UTF_8);
      for (TransportConnection c : handler.connections) {
        assertThat(c.write(payload)).isTrue();
      }
      payload.release();
    }
    StringBuilder expected = new StringBuilder();
    for (int m = 0; m < messages; m++) {
      expected.append(m).append('\u001e');
    }
    for (TestClient.WsClient ws : clients) {
      StringBuilder got = new StringBuilder();
      while (got.length() < expected.length()) {
        got.append(ws.take().substring("text:".length()));
      }
      assertThat(got.toString()).isEqualTo(expected.toString());
    }
    await().until(() -> handler.connections.stream().allMatch(c -> c.queuedBytes() == 0));
  }

  @Test
  void skipNegotiationCreatesAConnection() throws Exception {
    handler.echo();
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    assertThat(server.connectionCount()).isEqualTo(1);
    TransportConnection c = handler.connection(0);
    assertThat(c.connectionToken()).isEqualTo(c.connectionId());
    ws.sendText("hi");
    assertThat(ws.take()).isEqualTo("text:hi");
  }

  @Test
  void errorsOnTheConnectionEndpoint() throws Exception {
    start(FAST);
    assertThat(rejectedUpgrade("/chat?id=nope")).isEqualTo(404);
    HttpResponse<String> unknown = client.get("/chat?id=nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("No Connection with that ID");
    assertThat(unknown.headers().firstValue("content-type")).hasValue("text/plain");
    HttpResponse<String> noId = client.get("/chat");
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(noId.body()).isEqualTo("Connection ID required");

    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    client.webSocket("/chat?id=" + n.connectionToken());
    assertThat(handler.take()).isEqualTo("connected");
    assertThat(rejectedUpgrade("/chat?id=" + n.connectionToken())).isEqualTo(409);
    HttpResponse<String> post = client.post("/chat?id=" + n.connectionToken(), "x");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.body()).isEqualTo("POST requests are not allowed for WebSocket connections.");
    HttpResponse<String> poll = client.get("/chat?id=" + n.connectionToken());
    assertThat(poll.statusCode()).isEqualTo(400);
    assertThat(poll.body()).isEqualTo("Cannot change transports mid-connection");
    HttpResponse<String> delete = client.send("DELETE", "/chat?id=" + n.connectionToken(), "");
    assertThat(delete.statusCode()).isEqualTo(400);
    assertThat(delete.body()).isEqualTo("Cannot terminate this connection using the DELETE endpoint.");
  }

  @Test
  void disabledWebSocketsAnswer404() throws Exception {
    start(FAST.toBuilder().transports(java.util.Set.of(TransportType.LONG_POLLING)).build());
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      String response = rawUpgrade(s, "/chat?id=" + n.connectionToken());
      assertThat(response).startsWith("HTTP/1.1 404").endsWith("WebSockets transport not supported by this end point type");
    }
  }

  private int rejectedUpgrade(String path) throws Exception {
    try {
      client.webSocket(path);
      throw new AssertionError("upgrade to " + path + " was accepted");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  /** Sends an upgrade request and reads the whole (non-101) response. */
  private static String rawUpgrade(Socket s, String path) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(UTF_8));
    out.flush();
    return new String(s.getInputStream().readAllBytes(), UTF_8);
  }

  @Test
  void serverCloseSendsStatus1000AndReason() throws Exception {
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    c.write(Unpooled.copiedBuffer("last\u001e", UTF_8));
    c.close("done");
    assertThat(ws.take()).isEqualTo("text:last\u001e");
    assertThat(ws.take()).isEqualTo("close:1000:done");
    assertThat(c.write(Unpooled.EMPTY_BUFFER)).isFalse();
    // The JDK client answers the close frame itself once onClose returns.
    assertThat(handler.take()).isEqualTo("closed:");
  }

  @Test
  void closeTimeoutDropsAPeerThatNeverAnswersTheCloseFrame() throws Exception {
    start(FAST);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      InputStream in = upgrade(s, "/chat");
      assertThat(handler.take()).isEqualTo("connected");
      handler.connection(0).close("bye");
      // 0x88 = FIN + close, 0x05 = length 5: status 1000 (0x03E8) and "bye".
      assertThat(in.readNBytes(7)).containsExactly(0x88, 0x05, 0x03, 0xE8, 'b', 'y', 'e');
      // We never answer; the server gives up after webSocketCloseTimeout.
      assertThat(handler.take()).isEqualTo("closed:");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void bytesTheSocketCannotTakeAtOnceCountUntilTheClientReadsThem() throws Exception {
    start(FAST);
    int size = 32 * 1024 * 1024; // far more than loopback socket buffers hold
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      InputStream in = upgrade(s, "/chat");
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection c = handler.connection(0);
      c.setMaxOutboundQueueBytes(2L * size);
      assertThat(c.write(Unpooled.wrappedBuffer(new byte[size]))).isTrue();
      CompletableFuture<Void> drained = c.whenQueuedAtMost(0).toCompletableFuture();
      // 0x81 = FIN + text, 127 = a 64-bit length follows.
      byte[] header = in.readNBytes(10);
      assertThat(header[0] & 0xFF).isEqualTo(0x81);
      assertThat(header[1] & 0xFF).isEqualTo(127);
      // The write has begun, and the socket cannot have taken it all while nothing reads it.
      assertThat(drained).isNotDone();
      assertThat(c.queuedBytes()).isPositive();
      assertThat(in.readNBytes(size)).hasSize(size);
      drained.get(10, TimeUnit.SECONDS);
      assertThat(c.queuedBytes()).isZero();
    }
  }

  @Test
  void abortSends1011() throws Exception {
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    handler.connection(0).abort(new IllegalStateException("boom"));
    assertThat(ws.take()).isEqualTo("close:1011:boom");
    assertThat(handler.take()).isEqualTo("closed:IllegalStateException");
  }

  @Test
  void oversizedMessageClosesWith1009() throws Exception {
    start(FAST.toBuilder().transportMaxBufferSize(1024).build());
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    ws.socket.sendText("x".repeat(2000), true);
    // one frame past the limit: the same words as a message whose fragments together pass it (below)
    assertThat(ws.take()).isEqualTo("close:1009:The message is larger than the limit of 1024 bytes.");
    assertThat(handler.take()).isEqualTo("closed:CorruptedWebSocketFrameException");
  }

  @Test
  void fragmentedMessagesAreJoinedAndBoundedByTheLimitAsAWhole() throws Exception {
    start(FAST.toBuilder().transportMaxBufferSize(1024).build());
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    ws.socket.sendText("ab", false).join();
    ws.socket.sendText("c", false).join();
    ws.socket.sendText("d", true).join();
    assertThat(handler.take()).isEqualTo("data:abcd");
    ws.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {'x'}), false).join();
    ws.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {'y'}), true).join();
    assertThat(handler.take()).isEqualTo("data:xy");
    // Each fragment is under the limit; together they are not.
    ws.socket.sendText("x".repeat(600), false).join();
    ws.socket.sendText("x".repeat(600), true);
    assertThat(ws.take()).isEqualTo("close:1009:The message is larger than the limit of 1024 bytes.");
    assertThat(handler.take()).isEqualTo("closed:TooLongFrameException");
  }

  @Test
  void writesInOneTurnShareFramesAndOneBufferIsSharedByManyConnections() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    TestClient.WsClient a = client.webSocket("/chat");
    TestClient.WsClient b = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    assertThat(handler.take()).isEqualTo("connected");
    ByteBuf shared = Unpooled.directBuffer().writeBytes("m\u001e".getBytes(UTF_8));
    TransportConnection first = handler.connection(0);
    // One task on the (single) loop writes 100 payloads to both connections.
    first.eventLoop().submit(() -> {
      for (int i = 0; i < 100; i++) {
        for (TransportConnection c : handler.connections) {
          assertThat(c.write(shared)).isTrue();
        }
      }
    }).get();
    // The connections may still hold references, or have copied the bytes into their frames already.
    shared.release();
    for (TestClient.WsClient ws : new TestClient.WsClient[] {a, b}) {
      StringBuilder all = new StringBuilder();
      int frames = 0;
      while (all.length() < 200) {
        all.append(ws.take().substring("text:".length()));
        frames++;
      }
      assertThat(all.toString()).isEqualTo("m\u001e".repeat(100));
      assertThat(frames).as("100 payloads merged into at most a few frames").isLessThanOrEqualTo(2);
    }
    await().until(() -> shared.refCnt() == 0);
  }

  @Test
  void slowConsumerIsClosedWith1008AndAReasonItReadsWhenItDrainsWhileOthersKeepReceiving() throws Exception {
    int limit = 256 * 1024;
    start(FAST.toBuilder().maxOutboundQueueBytes(limit).webSocketCloseTimeout(Duration.ofSeconds(10)).build());
    TestClient.WsClient fast = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    int chunkSize = 16 * 1024;
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.setSoTimeout(10_000);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      InputStream in = upgrade(slow, "/chat"); // 101, then not read again until the server gives up on it
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection stuck = handler.connection(1);
      ByteBuf chunk = Unpooled.directBuffer(chunkSize).writeZero(chunkSize);
      long accepted = 0;
      try {
        int writes = 0;
        while (stuck.write(chunk)) {
          accepted += chunkSize;
          writes++;
          assertThat(writes).as("the queue bound trips before 64 MiB").isLessThan(4096);
          if (writes % 16 == 0) {
            // Let the loop flush to the socket so the kernel buffers fill up.
            stuck.eventLoop().submit(() -> { }).get();
          }
        }
      } finally {
        chunk.release();
      }
      // The client reads again: everything accepted arrives, then the close frame with a reason.
      long data = 0;
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        assertThat(b0).as("frame header before the end of the stream").isNotNegative();
        long length = b1 & 0x7F;
        if (length == 126) {
          length = ((long) in.read() << 8) | in.read();
        } else if (length == 127) {
          length = java.nio.ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if ((b0 & 0x0F) == 0x8) {
          // 0x88: FIN + close; status 1008 (policy violation), then the reason.
          assertThat(b0).isEqualTo(0x88);
          assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1008);
          String reason = new String(payload, 2, payload.length - 2, UTF_8);
          assertThat(reason).startsWith("Client too slow: ").endsWith(" more would pass the limit of " + limit + ".");
          break;
        }
        data += length;
      }
      assertThat(data).isEqualTo(accepted);
      assertThat(handler.take()).isEqualTo("closed:SlowConsumerException");
      SlowConsumerException e = (SlowConsumerException) handler.closeErrors.take();
      assertThat(e.payloadBytes()).isEqualTo(chunkSize);
      assertThat(e.limit()).isEqualTo(limit);
      assertThat(e.queuedBytes()).isLessThanOrEqualTo(limit).isGreaterThan(limit - chunkSize);
      assertThat(e).hasMessageContaining(e.queuedBytes() + " bytes are queued and a payload of " + chunkSize
          + " bytes would take the queue to " + (e.queuedBytes() + chunkSize) + ", over the limit of " + limit);
      assertThat(stuck.isClosed()).isTrue();
      assertThat(in.read()).isEqualTo(-1);
    }
    TransportConnection ok = handler.connection(0);
    assertThat(ok.write(Unpooled.copiedBuffer("still here", UTF_8).asReadOnly())).isTrue();
    assertThat(fast.take()).isEqualTo("text:still here");
  }

  @Test
  void slowConsumerThatNeverReadsIsDroppedAfterTheCloseTimeout() throws Exception {
    start(FAST.toBuilder().maxOutboundQueueBytes(64 * 1024).build());
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
      slow.getOutputStream().write(("GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(UTF_8));
      readHead(slow.getInputStream());
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection stuck = handler.connection(0);
      ByteBuf chunk = Unpooled.directBuffer(8192).writeZero(8192);
      try {
        for (int i = 0; i < 4096 && stuck.write(chunk); i++) {
          if (i % 8 == 0) {
            stuck.eventLoop().submit(() -> { }).get();
          }
        }
      } finally {
        chunk.release();
      }
      // Never read: the application is told at once; the close frame cannot leave, and the socket is dropped at
      // webSocketCloseTimeout (500 ms here). Reading now yields the data the socket took, then its end.
      assertThat(handler.take()).isEqualTo("closed:SlowConsumerException");
      assertThat(server.connectionCount()).isZero();
      slow.setSoTimeout(10_000);
      InputStream in = slow.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      while (in.read(buffer) >= 0) {
        // drain until the server's end of the stream: the socket does not stay open
      }
    }
  }

  /** Sends a WebSocket upgrade request for {@code target} on {@code s} and reads the 101; returns the stream. */
  private static InputStream upgrade(Socket s, String target) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(UTF_8));
    out.flush();
    InputStream in = s.getInputStream();
    readHead(in);
    return in;
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("connection closed before the response head: " + sb);
      }
      sb.append((char) b);
    }
    assertThat(sb.toString()).startsWith("HTTP/1.1 101");
    return sb.toString();
  }

  @Test
  void statefulReconnectReattachesToTheSameConnection() throws Exception {
    handler.echo();
    start(FAST.toBuilder().allowStatefulReconnects(true).disconnectTimeout(Duration.ofSeconds(5)).build());
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1&useStatefulReconnect=true");
    assertThat(n.useStatefulReconnect()).isTrue();
    String url = "/chat?id=" + n.connectionToken();
    // Drop the socket without a close frame, as a network failure would.
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      upgrade(s, url);
      assertThat(handler.take()).isEqualTo("connected");
      assertThat(handler.connection(0).statefulReconnect()).isTrue();
    }
    assertThat(handler.take()).isEqualTo("disconnected");
    TransportConnection c = handler.connection(0);
    assertThat(c.isClosed()).isFalse();
    assertThat(c.write(Unpooled.copiedBuffer("lost", UTF_8))).isTrue(); // discarded while away

    TestClient.WsClient again = client.webSocket(url);
    assertThat(handler.take()).isEqualTo("reconnected");
    again.sendText("back");
    assertThat(handler.take()).isEqualTo("data:back");
    assertThat(again.take()).isEqualTo("text:back");
    // A second socket while this one lives replaces it.
    TestClient.WsClient third = client.webSocket(url);
    assertThat(handler.take()).isEqualTo("disconnected");
    assertThat(handler.take()).isEqualTo("reconnected");
    third.sendText("third");
    assertThat(handler.take()).isEqualTo("data:third");
    assertThat(third.take()).isEqualTo("text:third");
  }

  @Test
  void serverShutdownClosesConnectionsAndTellsTheHandler() throws Exception {
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    server.close();
    assertThat(handler.take()).isEqualTo("closed:");
    assertThat(ws.take()).isEqualTo("close:1000:Server is shutting down.");
    server = null;
  }

  @Test
  void handlerExceptionAbortsTheConnection() throws Exception {
    ConnectionHandler failing = new ConnectionHandler() {
      @Override
      public void onConnected(TransportConnection c) {
        handler.onConnected(c);
      }

      @Override
      public void onData(TransportConnection c, ByteBuf data) {
        throw new IllegalArgumentException("bad message");
      }

      @Override
      public void onClosed(TransportConnection c, Throwable error) {
        handler.onClosed(c, error);
      }
    };
    start(FAST, TransportRoute.of("/chat", new TransportApplication("chat", failing)));
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    ws.sendText("x");
    assertThat(ws.take()).isEqualTo("close:1011:bad message");
    assertThat(handler.take()).isEqualTo("closed:IllegalArgumentException");
  }

  @Test
  void statefulConnectionClosesWhenTheClientDoesNotComeBack() throws Exception {
    start(FAST.toBuilder().allowStatefulReconnects(true).disconnectTimeout(Duration.ofMillis(300)).build());
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1&useStatefulReconnect=true");
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /chat?id=" + n.connectionToken() + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(UTF_8));
      readHead(s.getInputStream());
      assertThat(handler.take()).isEqualTo("connected");
    }
    assertThat(handler.take()).isEqualTo("disconnected");
    assertThat(handler.take()).isEqualTo("closed:");
    assertThat(client.get("/chat?id=" + n.connectionToken()).statusCode()).isEqualTo(404);
  }
}
