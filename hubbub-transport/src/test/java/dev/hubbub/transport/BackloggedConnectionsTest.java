package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link TransportServer#backloggedConnections()} and {@link TransportServer#whenNoneBacklogged()}: connections over
 * {@link TransportOptions#backlogBytes()} counted as their queues cross it, over real sockets.
 */
class BackloggedConnectionsTest extends TransportTestBase {
  private static ByteBuf text(int bytes) {
    return Unpooled.copiedBuffer("x".repeat(bytes - 1) + "\u001e", UTF_8);
  }

  @Test
  void theMarkIsAnOptionWithADefault() {
    assertThat(TransportOptions.DEFAULTS.backlogBytes()).isEqualTo(64 * 1024);
    assertThat(TransportOptions.builder().backlogBytes(0).build().backlogBytes()).isZero();
    assertThatThrownBy(() -> TransportOptions.builder().backlogBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlogBytes must be 0 (anything queued) or positive, was -1");
    assertThat(TransportOptions.DEFAULTS.toBuilder().backlogBytes(5).build().backlogBytes()).isEqualTo(5);
  }

  @Test
  void aConnectionCountsWhileItsQueueIsOverTheMark() throws Exception {
    start(FAST.toBuilder().backlogBytes(1000).build());
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    assertThat(server.backloggedConnections()).isZero();
    assertThat(server.whenNoneBacklogged().toCompletableFuture()).isDone();

    // Queued in one loop turn: the flush runs after the turn, so the counts are seen before any byte is written.
    CompletionStage<Void> clear = onLoop(c, () -> {
      c.write(text(1000)); // at the mark, not over it
      assertThat(server.backloggedConnections()).isZero();
      c.write(text(1));
      assertThat(server.backloggedConnections()).isEqualTo(1);
      CompletionStage<Void> w = server.whenNoneBacklogged();
      assertThat(w.toCompletableFuture()).isNotDone();
      return w;
    });
    clear.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(server.backloggedConnections()).isZero();
    assertThat(ws.take()).startsWith("text:xxx");
  }

  @Test
  void aClientThatStopsReadingStaysCountedUntilItsConnectionEnds() throws Exception {
    start(FAST.toBuilder().backlogBytes(16 * 1024).maxOutboundQueueBytes(64 << 20).build());
    try (Socket stalled = upgradedSocket(4096)) {
      assertThat(handler.take()).isEqualTo("connected");
      TransportConnection c = handler.connection(0);
      // More than the kernel's buffers on both sides take (a few megabytes on loopback): the rest stays queued.
      for (int i = 0; i < 1024 && c.queuedBytes() <= 16 * 1024; i++) {
        onLoop(c, () -> c.write(text(16 * 1024)));
        // the loop writes what the socket takes between these turns
        onLoop(c, () -> null);
      }
      assertThat(c.queuedBytes()).isGreaterThan(16 * 1024);
      assertThat(server.backloggedConnections()).isEqualTo(1);
      CompletableFuture<Void> clear = server.whenNoneBacklogged().toCompletableFuture();
      assertThat(clear).isNotDone();

      // Others are not held up: a second client is written at once.
      TestClient.WsClient other = client.webSocket("/chat");
      assertThat(handler.take()).isEqualTo("connected");
      handler.connection(1).write(Unpooled.copiedBuffer("hi\u001e", UTF_8));
      assertThat(other.take()).isEqualTo("text:hi\u001e");
      assertThat(server.backloggedConnections()).isEqualTo(1);

      c.abort(new IllegalStateException("test: the client stopped reading"));
      clear.get(5, TimeUnit.SECONDS);
      assertThat(server.backloggedConnections()).isZero();
      // The write the socket had taken part of is given back as the channel closes, after the rest.
      await().atMost(Duration.ofSeconds(5)).until(() -> c.queuedBytes() == 0);
    }
  }

  @Test
  void aSlowConsumerAbortedAtTheQueueLimitLeavesTheCount() throws Exception {
    start(FAST.toBuilder().backlogBytes(100).maxOutboundQueueBytes(10_000).build());
    client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    boolean[] accepted = onLoop(c, () -> {
      boolean first = c.write(text(5_000));
      assertThat(server.backloggedConnections()).isEqualTo(1);
      boolean second = c.write(text(5_001)); // past maxOutboundQueueBytes: refused, the connection aborted
      return new boolean[] {first, second};
    });
    assertThat(accepted).containsExactly(true, false);
    assertThat(handler.take()).isEqualTo("closed:SlowConsumerException");
    await().atMost(Duration.ofSeconds(5)).until(() -> server.backloggedConnections() == 0);
    assertThat(server.whenNoneBacklogged().toCompletableFuture()).isDone();
  }

  @Test
  void aFanoutCountsEachConnectionItOutrunsAndTheCountReturnsToZero() throws Exception {
    // Mark 0: every connection with anything queued counts, so each fan-out counts them all until written.
    start(FAST.toBuilder().backlogBytes(0).build());
    int n = 20;
    List<TestClient.WsClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(client.webSocket("/chat"));
      assertThat(handler.take()).isEqualTo("connected");
    }
    List<TransportConnection> connections = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      connections.add(handler.connection(i));
    }
    for (int round = 0; round < 50; round++) {
      Fanout f = new Fanout();
      ByteBuf payload = Unpooled.copiedBuffer("m" + round + "\u001e", UTF_8);
      for (TransportConnection c : connections) {
        assertThat(f.write(c, payload)).isTrue();
      }
      payload.release();
      assertThat(server.backloggedConnections()).isEqualTo(n); // counted by the sender, before the loop has them
      f.dispatch();
      server.whenNoneBacklogged().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    for (TestClient.WsClient ws : clients) {
      assertThat(ws.take()).isEqualTo("text:m0\u001e");
    }
    assertThat(server.backloggedConnections()).isZero();
  }

  @Test
  void writersOnManyThreadsLeaveNoDrift() throws Exception {
    // Crossings reported from writer threads and from the loops, in any order: the count must end at zero.
    start(FAST.toBuilder().backlogBytes(50).build());
    int n = 8;
    for (int i = 0; i < n; i++) {
      client.webSocket("/chat");
      assertThat(handler.take()).isEqualTo("connected");
    }
    List<TransportConnection> connections = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      connections.add(handler.connection(i));
    }
    int threads = 4;
    int writes = 2_000;
    AtomicInteger refused = new AtomicInteger();
    List<Thread> writers = TestThreads.startTogether(threads, "writer", seed -> {
      for (int i = 0; i < writes; i++) {
        if (!connections.get((seed + i) % n).write(text(40))) {
          refused.incrementAndGet();
        }
      }
    });
    for (Thread w : writers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(refused.get()).isZero();
    server.whenNoneBacklogged().toCompletableFuture().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> connections.stream().allMatch(c -> c.queuedBytes() == 0));
    assertThat(server.backloggedConnections()).isZero();
  }
}
