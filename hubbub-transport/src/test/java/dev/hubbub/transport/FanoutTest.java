package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Fanout}: one send to many connections, one task per event loop, runs of fanned-out payloads framed once.
 * What one thread writes to a connection arrives in the order written, through fan-outs, direct writes and
 * fan-outs that reach only some connections alike; bytes are counted at once; the outbound bound holds; other
 * transports are written at once.
 */
class FanoutTest extends TransportTestBase {

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, UTF_8);
  }

  /** Records ({@code \u001e}-terminated) from {@code ws} until {@code count} arrived, frames split. */
  private static List<String> records(TestClient.WsClient ws, int count) throws Exception {
    List<String> all = new ArrayList<>();
    while (all.size() < count) {
      String m = ws.take();
      assertThat(m).startsWith("text:");
      for (String r : m.substring("text:".length()).split("\u001e")) {
        all.add(r);
      }
    }
    return all;
  }

  @Test
  void fannedOutAndDirectWritesFromManyThreadsArriveInEachWritersOrder() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(4);
    int writers = 4;
    int rounds = 500;
    // One writer on an event loop itself, fanning out only, alongside the writer threads.
    TransportConnection first = handler.connection(0);
    Future<?> onLoop = first.eventLoop().submit(() -> {
      for (int i = 0; i < rounds; i++) {
        ByteBuf m = text(writers + ":" + i + "\u001e");
        Fanout f = new Fanout();
        for (TransportConnection c : handler.connections) {
          f.write(c, m);
        }
        f.dispatch();
        m.release();
      }
    });
    inParallel(writers, writer -> {
      for (int i = 0; i < rounds; i++) {
        // A fan-out to every connection, then a direct write to each, then a fan-out to half of them: the runs
        // have gaps and the direct writes must not overtake the fan-outs before them.
        ByteBuf all = text(writer + ":" + (3 * i) + "\u001e");
        Fanout f = new Fanout();
        for (TransportConnection c : handler.connections) {
          assertThat(f.write(c, all)).isTrue();
        }
        f.dispatch();
        all.release();
        ByteBuf direct = text(writer + ":" + (3 * i + 1) + "\u001e");
        for (TransportConnection c : handler.connections) {
          assertThat(c.write(direct)).isTrue();
        }
        direct.release();
        ByteBuf some = text(writer + ":" + (3 * i + 2) + "\u001e");
        Fanout g = new Fanout();
        for (int k = (writer + i) % 2; k < handler.connections.size(); k += 2) {
          assertThat(g.write(handler.connections.get(k), some)).isTrue();
        }
        g.dispatch();
        some.release();
      }
    });
    onLoop.get();
    for (int k = 0; k < clients.size(); k++) {
      int expected = writers * rounds * 2 + rounds;
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < rounds; i++) {
          if ((w + i) % 2 == k % 2) {
            expected++;
          }
        }
      }
      int[] last = new int[writers + 1];
      Arrays.fill(last, -1);
      for (String r : records(clients.get(k), expected)) {
        String[] parts = r.split(":");
        int writer = Integer.parseInt(parts[0]);
        int seq = Integer.parseInt(parts[1]);
        assertThat(seq).as("client %d, writer %d's order", k, writer).isGreaterThan(last[writer]);
        last[writer] = seq;
      }
    }
    for (TransportConnection c : handler.connections) {
      await().until(() -> c.queuedBytes() == 0);
    }
  }

  @Test
  void manyConnectionsOnOneLoopGetEveryFanOutOfTheirGroupsInOrderWhilePassesPause() throws Exception {
    // More connections on one loop than a pass writes between pauses, so fan-outs are placed mid-pass, with gaps
    // (each writer's messages go to a different subset) and direct writes in between.
    start(FAST.toBuilder().ioThreads(1).build());
    int n = 100;
    List<TestClient.WsClient> clients = connectWebSockets(n);
    int writers = 3;
    int rounds = 150;
    inParallel(writers, writer -> {
      for (int i = 0; i < rounds; i++) {
        ByteBuf m = text(writer + ":" + i + "\u001e");
        Fanout f = new Fanout();
        for (int k = 0; k < n; k++) {
          if ((k + i + writer) % 3 != 0) { // two thirds of the connections, a different two thirds each time
            assertThat(f.write(handler.connection(k), m)).isTrue();
          }
        }
        f.dispatch();
        m.release();
        // Direct writes to a few connections between fan-outs: a connection flushed for them mid-pass, then
        // given a new run, is listed for the next pass more than once.
        ByteBuf d = text(writer + ":" + i + "d\u001e");
        for (int k = (i + writer) % 10; k < n; k += 10) {
          assertThat(handler.connection(k).write(d)).isTrue();
        }
        d.release();
      }
    });
    for (int k = 0; k < n; k++) {
      int expected = 0;
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < rounds; i++) {
          if ((k + i + w) % 3 != 0) {
            expected++;
          }
          if (k % 10 == (i + w) % 10) {
            expected++;
          }
        }
      }
      int[] last = new int[writers];
      Arrays.fill(last, -1);
      for (String r : records(clients.get(k), expected)) {
        String[] parts = r.split(":");
        int writer = Integer.parseInt(parts[0]);
        int seq = Integer.parseInt(parts[1].replace("d", ""));
        assertThat(seq).as("client %d, writer %d's order", k, writer).isGreaterThanOrEqualTo(last[writer]);
        last[writer] = seq;
      }
    }
    for (TransportConnection c : handler.connections) {
      await().until(() -> c.queuedBytes() == 0);
    }
  }

  @Test
  void aRunOfFanOutsIsFramedOnceAndEveryConnectionGetsItInOneWrite() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    List<TestClient.WsClient> clients = connectWebSockets(3);
    TransportConnection first = handler.connection(0);
    // From the loop: every fan-out is placed before the pass that writes them, so each client gets one frame.
    first.eventLoop().submit(() -> {
      for (int i = 0; i < 5; i++) {
        ByteBuf m = text("m" + i + "\u001e");
        Fanout f = new Fanout();
        for (TransportConnection c : handler.connections) {
          f.write(c, m);
        }
        f.dispatch();
        m.release();
      }
    }).get();
    for (TestClient.WsClient ws : clients) {
      assertThat(ws.take()).isEqualTo("text:m0\u001em1\u001em2\u001em3\u001em4\u001e");
    }
  }

  @Test
  void connectionsHoldingDifferentRunsEachGetTheirOwn() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    int n = 12; // more distinct runs than a pass keeps framed buffers for
    List<TestClient.WsClient> clients = connectWebSockets(n);
    // Message i goes to connections 0..i: connection k holds the run of messages k..n-1, a different run each.
    handler.connection(0).eventLoop().submit(() -> {
      for (int i = 0; i < n; i++) {
        ByteBuf m = text("m" + i + "\u001e");
        Fanout f = new Fanout();
        for (int k = 0; k <= i; k++) {
          f.write(handler.connection(k), m);
        }
        f.dispatch();
        m.release();
      }
    }).get();
    for (int k = 0; k < n; k++) {
      StringBuilder expected = new StringBuilder("text:");
      for (int i = k; i < n; i++) {
        expected.append('m').append(i).append('\u001e');
      }
      assertThat(clients.get(k).take()).as("client %d", k).isEqualTo(expected.toString());
    }
  }

  @Test
  void aFanoutPlacedWhileAPassIsUnderWayReachesTheConnectionsThePassHasNotWrittenYet() throws Exception {
    start(FAST.toBuilder().ioThreads(1).build());
    int n = 40; // a pass looks for waiting fan-outs after every 32 connections (LoopFlusher.CHUNK)
    List<TestClient.WsClient> clients = connectWebSockets(n);
    io.netty.channel.EventLoop loop = handler.connection(0).eventLoop();
    // On the loop: "a" is placed and its pass queued; "b" is handed over behind them, so it waits while the pass
    // writes its first 32 connections and is placed before the pass goes on.
    loop.submit(() -> {
      fanOutToAll("a\u001e");
      loop.execute(() -> fanOutToAll("b\u001e"));
    }).get();
    for (int k = 0; k < n; k++) {
      if (k < 32) {
        assertThat(clients.get(k).take()).as("client %d, written before b came", k).isEqualTo("text:a\u001e");
        assertThat(clients.get(k).take()).as("client %d, next pass", k).isEqualTo("text:b\u001e");
      } else {
        assertThat(clients.get(k).take()).as("client %d, same pass", k).isEqualTo("text:a\u001eb\u001e");
      }
    }
    for (TransportConnection c : handler.connections) {
      await().until(() -> c.queuedBytes() == 0);
    }
  }

  /**
   * A write that waits behind a fan-out travels as a task on the loop; the same writer's next write must wait
   * behind it even when the fan-out is placed by then (the service's OpenConnection and the client's handshake
   * bytes to an app server came out in the wrong order this way). Latches hold the loop at each step.
   */
  @Test
  void aWriteWaitingBehindAFanoutIsNotOvertakenByTheSameWritersNextWrite() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(1);
    TransportConnection c = handler.connection(0);
    io.netty.channel.EventLoop loop = c.eventLoop();
    CountDownLatch release1 = new CountDownLatch(1);
    CountDownLatch release2 = new CountDownLatch(1);
    CountDownLatch holding2 = new CountDownLatch(1);
    loop.execute(() -> awaitQuietly(release1));
    fanOutToAll("f\u001e"); // its placing task waits behind the first hold
    loop.execute(() -> {
      holding2.countDown();
      awaitQuietly(release2);
    });
    ByteBuf a = text("a\u001e");
    assertThat(c.write(a)).isTrue(); // a fan-out is pending: "a" becomes a task behind the second hold
    a.release();
    release1.countDown();
    assertThat(holding2.await(30, TimeUnit.SECONDS)).isTrue(); // the fan-out is placed, "a" still waits
    ByteBuf b = text("b\u001e");
    assertThat(c.write(b)).isTrue();
    b.release();
    release2.countDown();
    assertThat(records(clients.get(0), 3)).containsExactly("f", "a", "b");
    await().until(() -> c.queuedBytes() == 0);
  }

  /** A close from the loop does not overtake the fan-out and the write that the loop sent before it. */
  @Test
  void aCloseOnTheLoopComesAfterTheFanoutAndTheWriteBeforeIt() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(1);
    TransportConnection c = handler.connection(0);
    c.eventLoop().submit(() -> {
      fanOutToAll("f\u001e");
      ByteBuf a = text("a\u001e");
      c.write(a);
      a.release();
      c.close("bye");
    }).get();
    assertThat(records(clients.get(0), 2)).containsExactly("f", "a");
    assertThat(clients.get(0).take()).startsWith("close:").endsWith(":bye");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the loop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fanOutToAll(String payload) {
    ByteBuf m = text(payload);
    Fanout f = new Fanout();
    for (TransportConnection c : handler.connections) {
      f.write(c, m);
    }
    f.dispatch();
    m.release();
  }

  @Test
  void bytesCountFromTheWriteUntilTheSocketTookThem() throws Exception {
    start(FAST);
    connectWebSockets(1);
    TransportConnection c = handler.connection(0);
    ByteBuf m = text("counted\u001e");
    Fanout f = new Fanout();
    assertThat(f.write(c, m)).isTrue();
    assertThat(c.queuedBytes()).isEqualTo(8);
    f.dispatch();
    m.release();
    await().until(() -> c.queuedBytes() == 0);
    assertThat(m.refCnt()).isZero();
  }

  @Test
  void aConnectionPastItsBoundIsAbortedAndTheOthersGetEverything() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(2);
    TransportConnection slow = handler.connection(0);
    slow.setMaxOutboundQueueBytes(10);
    ByteBuf a = text("aaaaaaaa\u001e");
    ByteBuf b = text("bbbbbbbb\u001e");
    Fanout f = new Fanout();
    assertThat(f.write(slow, a)).as("first payload: always taken").isTrue();
    assertThat(f.write(handler.connection(1), a)).isTrue();
    assertThat(f.write(slow, b)).as("past the bound of 10 bytes").isFalse();
    assertThat(f.write(handler.connection(1), b)).isTrue();
    f.dispatch();
    a.release();
    b.release();
    assertThat(records(clients.get(1), 2)).containsExactly("aaaaaaaa", "bbbbbbbb");
    assertThat(handler.closeErrors.take()).isInstanceOf(SlowConsumerException.class);
    ByteBuf late = text("late\u001e");
    Fanout g = new Fanout();
    assertThat(g.write(slow, late)).as("a closed connection").isFalse();
    g.dispatch();
    late.release();
  }

  @Test
  void aClosedConnectionRefusesAndAFanoutIsUsedOnce() throws Exception {
    start(FAST);
    connectWebSockets(1);
    TransportConnection c = handler.connection(0);
    c.close("bye");
    await().until(c::isClosed);
    ByteBuf m = text("x\u001e");
    Fanout f = new Fanout();
    assertThat(f.write(c, m)).isFalse();
    f.dispatch();
    assertThatThrownBy(() -> f.write(c, m)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dispatched already");
    m.release();
  }

  @Test
  void binaryConnectionsGetTheirPayloadInBinaryFrames() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(2);
    handler.connection(1).setTransferFormat(TransferFormat.BINARY);
    ByteBuf json = text("json\u001e");
    ByteBuf packed = text("packed");
    Fanout f = new Fanout();
    f.write(handler.connection(0), json);
    f.write(handler.connection(1), packed);
    f.dispatch();
    json.release();
    packed.release();
    assertThat(clients.get(0).take()).isEqualTo("text:json\u001e");
    assertThat(clients.get(1).take()).isEqualTo("binary:packed");
  }

  @Test
  void aLongPollingConnectionInAFanoutIsWrittenAtOnce() throws Exception {
    start(FAST);
    List<TestClient.WsClient> clients = connectWebSockets(1);
    String token = client.negotiate("/chat", "negotiateVersion=1").connectionToken();
    assertThat(client.get("/chat?id=" + token).statusCode()).isEqualTo(200);
    assertThat(handler.take()).isEqualTo("connected");
    TransportConnection poll = handler.connection(1);
    assertThat(poll.transport()).isEqualTo(TransportType.LONG_POLLING);
    ByteBuf m = text("both\u001e");
    Fanout f = new Fanout();
    f.write(handler.connection(0), m);
    f.write(poll, m);
    assertThat(poll.queuedBytes()).isEqualTo(5);
    f.dispatch();
    m.release();
    assertThat(clients.get(0).take()).isEqualTo("text:both\u001e");
    HttpResponse<String> body = client.get("/chat?id=" + token);
    assertThat(body.body()).isEqualTo("both\u001e");
  }
}
