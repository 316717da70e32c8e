package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event loop's flush passes: writes from many threads to many connections arrive whole and in order per
 * writer, small frames are copied per connection, large payloads are shared by every connection of a pass, and
 * {@code maxFlushDelay} bounds the pause between passes (zero: none).
 */
class FlushCoalescingTest extends TransportTestBase {

  /** Every message of {@code ws} until {@code expected} characters arrived, joined. */
  private static String received(TestClient.WsClient ws, int expected) throws Exception {
    StringBuilder all = new StringBuilder();
    while (all.length() < expected) {
      all.append(ws.take().substring("text:".length()));
    }
    return all.toString();
  }

  @Test
  void largePayloadsAreSharedByEveryConnectionAndArriveIntactBetweenSmallOnes() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    List<TestClient.WsClient> clients = connectWebSockets(3);
    String big = "B".repeat(20_000) + "\u001e"; // over the copy limit: shared, not copied per connection
    ByteBuf large = Unpooled.copiedBuffer(big, UTF_8);
    ByteBuf small = Unpooled.copiedBuffer("s\u001e", UTF_8);
    handler.connection(0).eventLoop().submit(() -> {
      for (int round = 0; round < 3; round++) {
        for (TransportConnection c : handler.connections) {
          assertThat(c.write(small)).isTrue();
          assertThat(c.write(large)).isTrue();
          assertThat(c.write(small)).isTrue();
        }
      }
    }).get();
    large.release();
    small.release();
    String expected = ("s\u001e" + big + "s\u001e").repeat(3);
    for (TestClient.WsClient ws : clients) {
      assertThat(received(ws, expected.length())).isEqualTo(expected);
    }
    await().until(() -> large.refCnt() == 0 && small.refCnt() == 0);
  }

  @Test
  void writesFromManyThreadsArriveWholeAndInOrderPerWriter() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    List<TestClient.WsClient> clients = connectWebSockets(4);
    int writers = 4;
    int perWriter = 2_000;
    inParallel(writers, writer -> {
      for (int i = 0; i < perWriter; i++) {
        ByteBuf m = Unpooled.copiedBuffer(writer + ":" + i + "\u001e", UTF_8);
        for (TransportConnection c : handler.connections) {
          assertThat(c.write(m)).isTrue();
        }
        m.release();
      }
    });
    for (TestClient.WsClient ws : clients) {
      int[] next = new int[writers];
      int total = 0;
      while (total < writers * perWriter) {
        for (String record : ws.take().substring("text:".length()).split("\u001e")) {
          String[] parts = record.split(":");
          int writer = Integer.parseInt(parts[0]);
          assertThat(Integer.parseInt(parts[1])).as("writer %d's order", writer).isEqualTo(next[writer]);
          next[writer]++;
          total++;
        }
      }
    }
  }

  @Test
  void withAFlushDelayEveryWriteStillArrives() throws Exception {
    start(FAST.toBuilder().maxFlushDelay(Duration.ofMillis(20)).build());
    List<TestClient.WsClient> clients = connectWebSockets(2);
    ByteBuf m = Unpooled.copiedBuffer("x\u001e", UTF_8);
    for (int i = 0; i < 500; i++) {
      for (TransportConnection c : handler.connections) {
        assertThat(c.write(m)).isTrue();
      }
    }
    m.release();
    for (TestClient.WsClient ws : clients) {
      assertThat(received(ws, 1_000)).isEqualTo("x\u001e".repeat(500));
    }
  }

  @Test
  void maxFlushDelayIsZeroOrPositive() {
    assertThat(TransportOptions.DEFAULTS.maxFlushDelay()).isZero();
    assertThatThrownBy(() -> TransportOptions.builder().maxFlushDelay(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFlushDelay must be zero or positive, was PT-0.001S");
  }

  @Test
  void nioServesWhenNativeIoIsTurnedOff() throws Exception {
    System.setProperty("hubbub.transport.nio", "true");
    try {
      assertThat(IoTransport.best()).isEqualTo(IoTransport.NIO);
      start(FAST);
    } finally {
      System.clearProperty("hubbub.transport.nio");
    }
    handler.echo();
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    ws.sendText("over nio");
    assertThat(ws.take()).isEqualTo("text:over nio");
  }
}
