package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An app server that reads slower than its clients send: the service pauses the clients instead of letting the
 * server connection's queue grow past its bound, so neither the server connection nor its clients are dropped
 * and nothing is lost. (Found by the hub load benchmark: at 10,000 echoes/s through the service every server
 * connection was closed as a slow consumer, and all 1,000 clients with it.)
 */
class ServerBackpressureTest extends ServiceTestSupport {
  private static final int CLIENTS = 8;
  private static final int MESSAGES = 1_000;
  /** ~2 KB per message, 16 MB in all: more than the loopback socket buffers on both sides can absorb. */
  private static final String PAD = "x".repeat(2_000);
  /** Clients are paused past a quarter of this (16 KiB); the server connection's own bound is 8 times it. */
  private static final int QUEUE_BOUND = 64 * 1024;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger servers = (Logger) LoggerFactory.getLogger("dev.hubbub.service.servers");
  private Level level;

  @BeforeEach
  void captureLog() {
    level = servers.getLevel();
    servers.setLevel(Level.DEBUG);
    log.start();
    servers.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    servers.detachAppender(log);
    servers.setLevel(level);
  }

  @Test
  void clientsOfASlowServerArePausedAndEveryMessageArrives() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.DEFAULT).maxOutboundQueueBytes(QUEUE_BOUND));
    try (FakeAppServer server = FakeAppServer.connect(service, "chat", "slow")) {
      List<RawSignalRClient> clients = connectClients(server);

      server.stopReading();
      List<CompletableFuture<Void>> senders = sendUntilPaused(clients);

      server.resumeReading();
      Map<String, Integer> next = new HashMap<>();
      int received = 0;
      while (received < CLIENTS * MESSAGES) {
        ServiceMessage m = server.takeAny();
        if (m instanceof PingMessage) {
          continue;
        }
        assertThat(m).isInstanceOf(ConnectionDataMessage.class);
        ConnectionDataMessage data = (ConnectionDataMessage) m;
        String text = StandardCharsets.UTF_8.decode(data.payload().duplicate()).toString();
        // One message per frame is not promised; count the invocations in order per client.
        for (String invocation : text.split(String.valueOf(RS))) {
          int expected = next.getOrDefault(data.connectionId(), 0);
          assertThat(invocation).startsWith("{\"type\":1,\"target\":\"m\",\"arguments\":[" + expected + ",");
          next.put(data.connectionId(), expected + 1);
          received++;
        }
      }
      CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
      assertThat(next.values()).containsOnly(MESSAGES).hasSize(CLIENTS);
      for (RawSignalRClient c : clients) {
        assertThat(c.isClosed()).as("client %s closed", c.connectionId).isFalse();
      }
      assertThat(service.connectionCount()).isEqualTo(CLIENTS);
    }
  }

  /**
   * An app server that crashes while its clients are paused: the service forgets it and closes its clients so
   * they reconnect, as for any server that leaves. (Found by the one-hour soak at 10,000 connections: the server
   * connection's end released the paused clients from inside the transport's close, a client's held messages went
   * to the closed server and paused it again, and the server was never forgotten: its 1,687 clients stayed
   * connected and routed to nobody.)
   */
  @Test
  void aServerThatCrashesWhileItsClientsArePausedIsForgottenAndItsClientsAreClosed() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.DEFAULT).maxOutboundQueueBytes(QUEUE_BOUND));
    FakeAppServer server = FakeAppServer.connect(service, "chat", "crashing");
    List<RawSignalRClient> clients = connectClients(server);
    server.stopReading();
    List<CompletableFuture<Void>> senders = sendUntilPaused(clients);

    server.drop();

    for (RawSignalRClient c : clients) {
      RawSignalRClient.Closed closed = c.awaitClosed();
      assertThat(closed).as("client %s", c.connectionId).isNotNull();
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> service.connectionCount() == 0);
    assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
        .anyMatch(m -> m.contains("App server 'crashing' left hub 'chat'"));
    CompletableFuture.allOf(senders.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
  }

  /** {@link #CLIENTS} clients of {@code server}, each with its handshake answered by the server. */
  private List<RawSignalRClient> connectClients(FakeAppServer server) throws Exception {
    List<RawSignalRClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      RawSignalRClient c = track(RawSignalRClient.open(service, "chat", null, false));
      c.sendText("{\"protocol\":\"json\",\"version\":1}" + RS);
      assertThat(server.take(OpenConnectionMessage.class).connectionId()).isEqualTo(c.connectionId);
      server.take(ConnectionDataMessage.class); // the handshake
      server.send(new ConnectionDataMessage(c.connectionId, ByteBuffer.wrap(("{}" + RS).getBytes())));
      assertThat(c.next().string()).isEqualTo("{}" + RS);
      clients.add(c);
    }
    return clients;
  }

  /**
   * Each client sends {@link #MESSAGES} invocations of ~2 KB in order (stopping if it is closed), until the server
   * connection falls behind and its clients are paused. The senders, to wait for.
   */
  private List<CompletableFuture<Void>> sendUntilPaused(List<RawSignalRClient> clients) {
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (RawSignalRClient c : clients) {
      senders.add(CompletableFuture.runAsync(() -> {
        for (int m = 0; m < MESSAGES && !c.isClosed(); m++) {
          c.sendText("{\"type\":1,\"target\":\"m\",\"arguments\":[" + m + ",\"" + PAD + "\"]}" + RS);
        }
      }));
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> log.list.stream()
        .anyMatch(e -> e.getFormattedMessage().contains("is behind")));
    return senders;
  }
}
