package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import io.netty.buffer.Unpooled;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backpressure hooks: {@link TransportConnection#pauseReading()} / {@link TransportConnection#resumeReading()}
 * on each transport, {@link TransportConnection#whenQueuedAtMost} and the per-connection queue bound.
 */
class BackpressureTest extends TransportTestBase {
  /** Long enough for a message on loopback to arrive if it were read; the negative checks wait this long. */
  private static final long QUIET_MS = 300;

  @Test
  void aPausedWebSocketIsNotReadUntilResumed() throws Exception {
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);

    c.pauseReading();
    c.pauseReading(); // idempotent
    onLoop(c, () -> null);
    ws.sendText("a\u001e");
    ws.sendText("b\u001e");
    assertThat(handler.events.poll(QUIET_MS, TimeUnit.MILLISECONDS)).as("delivered while paused").isNull();

    c.resumeReading();
    assertThat(handler.take()).isEqualTo("data:a\u001e");
    assertThat(handler.take()).isEqualTo("data:b\u001e");
    // Writing to the client is not affected by pausing either way.
    c.write(Unpooled.copiedBuffer("c\u001e", UTF_8));
    assertThat(ws.take()).isEqualTo("text:c\u001e");
  }

  /** A long-polling connection (first poll answered), paused, and a POST of {@code body} sent to it. */
  private CompletableFuture<HttpResponse<String>> pausedLongPollingSend(String body) throws Exception {
    NegotiateResponse n = client.negotiate("/chat", "negotiateVersion=1");
    String token = n.connectionToken();
    assertThat(client.get("/chat?id=" + token).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    c.pauseReading();
    onLoop(c, () -> null);
    return client.http.sendAsync(
        HttpRequest.newBuilder(client.uri("/chat?id=" + token)).timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSendOverLongPollingIsAnsweredOnlyWhenReadingResumes() throws Exception {
    start(FAST);
    CompletableFuture<HttpResponse<String>> sent = pausedLongPollingSend("{\"type\":6}\u001e");
    TransportConnection c = handler.connection(0);
    // Neither the message nor the answer that lets the client send its next one comes before the resume.
    assertThat(handler.events.poll(QUIET_MS, TimeUnit.MILLISECONDS)).as("delivered while paused").isNull();
    assertThat(sent).as("POST answered while paused").isNotDone();

    c.resumeReading();
    assertThat(handler.take()).isEqualTo("data:{\"type\":6}\u001e");
    assertThat(sent.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aHeldSendIsAnsweredWhenTheConnectionEnds() throws Exception {
    // The closed long-polling connection ends when its disconnect timeout passes without a poll.
    start(FAST.toBuilder().disconnectTimeout(java.time.Duration.ofSeconds(2)).build());
    CompletableFuture<HttpResponse<String>> sent = pausedLongPollingSend("x\u001e");
    TransportConnection c = handler.connection(0);
    await().until(() -> onLoop(c, () -> ((dev.hubbub.transport.internal.ConnectionImpl) c).hasHeldSends()));

    // Closed while paused: the held message is dropped with the connection, the client's POST is answered.
    c.close(null);
    assertThat(sent.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("closed:");
  }

  @Test
  void whenQueuedAtMostCompletesAsTheSocketDrains() throws Exception {
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    assertThat(c.whenQueuedAtMost(0).toCompletableFuture()).isDone();

    // Queued and registered in one loop turn: the flush runs after the turn, so the wait cannot be done yet.
    CompletionStage<Void> drained = onLoop(c, () -> {
      c.write(Unpooled.copiedBuffer("x".repeat(1000) + "\u001e", UTF_8));
      CompletionStage<Void> w = c.whenQueuedAtMost(0);
      assertThat(w.toCompletableFuture()).isNotDone();
      return w;
    });
    drained.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(c.queuedBytes()).isZero();
    assertThat(ws.take()).startsWith("text:xxx");
  }

  @Test
  void aWaitEndsWhenTheConnectionCloses() throws Exception {
    start(FAST);
    client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    CompletionStage<Void> drained = onLoop(c, () -> {
      c.write(Unpooled.copiedBuffer("y\u001e", UTF_8));
      CompletionStage<Void> w = c.whenQueuedAtMost(0);
      c.abort(new IllegalStateException("test"));
      return w;
    });
    drained.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(c.isClosed()).isTrue();
    // Registered after the end: done at once.
    assertThat(c.whenQueuedAtMost(0).toCompletableFuture()).isDone();
  }

  @Test
  void aConnectionsOwnQueueBoundReplacesTheServers() throws Exception {
    start(FAST);
    client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    assertThatThrownBy(() -> c.setMaxOutboundQueueBytes(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOutboundQueueBytes");

    c.setMaxOutboundQueueBytes(10);
    boolean[] accepted = onLoop(c, () -> new boolean[] {
        c.write(Unpooled.copiedBuffer("12345678", UTF_8)), c.write(Unpooled.copiedBuffer("12345678", UTF_8))});
    assertThat(accepted).containsExactly(true, false);
    assertThat(handler.take()).isEqualTo("closed:SlowConsumerException");
    assertThat(handler.closeErrors.poll()).hasMessageContaining("limit of 10");
  }

  @Test
  void messagesReadInTheTurnThatPausedAreKeptInOrder() throws Exception {
    handler.pauseOnData = true;
    start(FAST);
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection c = handler.connection(0);
    // The handler pauses on every message: one at a time arrives, each after a resume.
    for (int i = 0; i < 5; i++) {
      ws.sendText(i + "\u001e");
    }
    for (int i = 0; i < 5; i++) {
      assertThat(handler.take()).isEqualTo("data:" + i + "\u001e");
      assertThat(handler.events.poll(50, TimeUnit.MILLISECONDS)).isNull();
      c.resumeReading();
    }
  }
}
