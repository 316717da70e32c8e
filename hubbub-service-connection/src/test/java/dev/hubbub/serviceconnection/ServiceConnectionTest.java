package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.service.BroadcastDataMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.protocol.service.Payloads;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@link ServiceConnection} and {@link AckTracker} against a scripted endpoint on a loopback port. */
class ServiceConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private FakeServiceEndpoint endpoint;
  private ScheduledExecutorService scheduler;
  private ServiceConnection connection;

  @BeforeEach
  void start() throws Exception {
    endpoint = new FakeServiceEndpoint();
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    if (connection != null) {
      connection.stop();
    }
    scheduler.shutdownNow();
    endpoint.close();
  }

  private ServiceConnection open(ServiceConnectionConfig config) {
    ServiceConnectionHandler handler = new ServiceConnectionHandler() {
      @Override
      public URI serverUrl() {
        return ServiceUrls.server(endpoint.endpoint(), "chat");
      }

      @Override
      public String accessToken() {
        return "token";
      }

      @Override
      public void received(ServiceConnection c, ServiceMessage message) {
        events.add("received " + message.getClass().getSimpleName());
      }

      @Override
      public void connected(ServiceConnection c) {
        events.add("connected");
      }

      @Override
      public void lost(ServiceConnection c, String why) {
        events.add("lost " + why);
      }
    };
    connection = new ServiceConnection("chat", 0, config, handler, HttpClient.newHttpClient(), scheduler,
        OpenTelemetry.noop().getTracer("test"), Attributes.empty(), LoggerFactory.getLogger("test"));
    connection.connect();
    scheduler.scheduleAtFixedRate(() -> connection.tick(System.nanoTime()), 10, 10, TimeUnit.MILLISECONDS);
    return connection;
  }

  private static ServiceConnectionConfig weak() {
    return ServiceConnectionConfig.builder().connectionType(ServerConnectionType.WEAK).serverId("mgmt_1")
        .userAgent("test").reconnectDelays(List.of(Duration.ofMillis(20))).reconnectJitter(Duration.ZERO).build();
  }

  /** The next socket the endpoint accepts, once its handshake arrived and the connection reported connected. */
  private FakeServiceEndpoint.Conn nextConnected() throws InterruptedException {
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    c.take(HandshakeRequestMessage.class, WAIT);
    assertThat(next()).isEqualTo("connected");
    return c;
  }

  private String next() throws InterruptedException {
    String e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).as("next event").isNotNull();
    return e;
  }

  @Test
  void dialsWithTheHeadersAndDeclaresTheConnectionType() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    HandshakeRequestMessage handshake = c.take(HandshakeRequestMessage.class, WAIT);

    assertThat(handshake.connectionType()).isEqualTo(2);
    assertThat(handshake.version()).isEqualTo(1);
    assertThat(c.target).startsWith("/server/?hub=chat&cid=");
    assertThat(c.headers).containsEntry("authorization", "Bearer token").containsEntry("x-asrs-server-id", "mgmt_1")
        .containsEntry("asrs-user-agent", "test");
    assertThat(next()).isEqualTo("connected");
    assertThat(connection.status()).isEqualTo(ServiceConnectionStatus.CONNECTED);

    c.send(new AckMessage(7, 1));
    assertThat(next()).isEqualTo("received AckMessage");
  }

  @Test
  void keepAlivePingsGoOutWhenNothingElseDoes() throws Exception {
    open(weak().toBuilder().keepAliveInterval(Duration.ofMillis(50)).build());
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    c.take(HandshakeRequestMessage.class, WAIT);
    assertThat(c.take(PingMessage.class, WAIT).isKeepAlive()).isTrue();
  }

  @Test
  void garbageFromTheServiceDropsThatLinkOnceAndRedials() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn first = endpoint.take(WAIT);
    assertThat(next()).isEqualTo("connected");

    // VarInt length 2, then two 0xC1 bytes (a MessagePack code that is never used)
    first.sendBinary(new byte[] {0x02, (byte) 0xC1, (byte) 0xC1});

    assertThat(next()).startsWith("lost bad data from the service");
    first.awaitClosed(WAIT);
    FakeServiceEndpoint.Conn second = endpoint.take(WAIT);
    assertThat(next()).isEqualTo("connected");
    assertThat(connection.send(new UserDataMessage("u", Payloads.of("json", new byte[] {0x1E})))).isTrue();
    assertThat(second.take(UserDataMessage.class, WAIT).userId()).isEqualTo("u");
    assertThat(events).isEmpty();
  }

  @Test
  void aDroppedSocketIsRedialed() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn first = endpoint.take(WAIT);
    assertThat(next()).isEqualTo("connected");
    first.drop();
    assertThat(next()).startsWith("lost");
    endpoint.take(WAIT);
    assertThat(next()).isEqualTo("connected");
  }

  @Test
  void aRefusedHandshakeStopsForGood() throws Exception {
    endpoint.answerHandshake(false);
    open(weak());
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    c.take(HandshakeRequestMessage.class, WAIT);
    c.send(new HandshakeResponseMessage("Version mismatch.", MessageExtensions.NONE, null));

    assertThat(next()).isEqualTo("lost handshake refused: Version mismatch.");
    c.awaitClosed(WAIT);
    assertThat(connection.status()).isEqualTo(ServiceConnectionStatus.STOPPED);
    assertThat(connection.lastError()).isEqualTo("handshake refused: Version mismatch.");
  }

  @Test
  void stopClosesTheSocketWithACloseFrame() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    assertThat(next()).isEqualTo("connected");
    connection.stop();
    assertThat(c.awaitClosed(WAIT)).isTrue();
    assertThat(connection.status()).isEqualTo(ServiceConnectionStatus.STOPPED);
  }

  @Test
  void aServiceThatStopsReadingFailsTheLinkAtTheQueueBoundAndItIsRedialed() throws Exception {
    open(weak().toBuilder().maxQueuedBytes(256 * 1024).build());
    FakeServiceEndpoint.Conn first = nextConnected();
    first.stopReading();
    // 64 KiB messages until one is refused: the socket buffers fill first, then the bound of 256 KiB.
    ServiceMessage big = new BroadcastDataMessage(List.of(),
        Payloads.of("json", new byte[64 * 1024], "messagepack", new byte[0]));
    int sent = 0;
    while (connection.send(big)) {
      sent++;
      assertThat(sent).as("sends accepted by a service that reads nothing").isLessThan(100_000);
    }
    assertThat(next()).startsWith("lost the service is not taking what is sent: ")
        .contains("more would pass the limit of 262144 bytes (maxQueuedBytes)");
    FakeServiceEndpoint.Conn second = nextConnected();
  }

  @Test
  void messagesThatPileUpGoOutManyToAFrameInOrderAndNoBatchIsBiggerThan64KiB() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn c = nextConnected();
    int framesBefore = c.binaryFrames();
    c.stopReading();
    // First one message bigger than anything loopback's socket buffers take (a few MiB: 4 MiB of send buffer at most here):
    // its write stays pending until the fake reads again, so every message after it piles up in the outbox,
    // however the threads are scheduled. (Filling the buffers with the small messages themselves left it to the
    // scheduler how many went out one by one first: up to 549 frames under CPU load.)
    int big = 16 << 20;
    assertThat(connection.send(new BroadcastDataMessage(List.of(), Payloads.of("json", new byte[big])))).isTrue();
    int count = 4_000;
    for (int i = 0; i < count; i++) {
      byte[] payload = new byte[1_000];
      ByteBuffer.wrap(payload).putInt(i);
      assertThat(connection.send(new BroadcastDataMessage(List.of(), Payloads.of("json", payload)))).isTrue();
    }
    c.resumeReading();
    assertThat(c.take(BroadcastDataMessage.class, WAIT).payloads().bytes("json").orElseThrow()).hasSize(big);
    for (int i = 0; i < count; i++) {
      BroadcastDataMessage m = c.take(BroadcastDataMessage.class, WAIT);
      assertThat(ByteBuffer.wrap(m.payloads().bytes("json").orElseThrow()).getInt()).as("message in order").isEqualTo(i);
    }
    assertThat(c.largestBatch()).as("largest frame of several messages").isGreaterThan(32 * 1024)
        .isLessThanOrEqualTo(64 * 1024);
    // The big message went alone; the 4,000 of about 1 KB each went some 60 to a frame.
    assertThat(c.binaryFrames() - framesBefore - 1).as("frames for %d messages of ~1 KB", count)
        .isLessThan(count / 10);
  }

  @Test
  void onceTheOwnersSchedulerIsShutTheCallerWritesItself() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn c = nextConnected();
    scheduler.shutdown(); // an owner stopping: the writer cannot be handed the work any more
    assertThat(connection.send(new BroadcastDataMessage(List.of(), Payloads.of("json", new byte[] {42})))).isTrue();
    BroadcastDataMessage m = c.take(BroadcastDataMessage.class, WAIT);
    assertThat(m.payloads().bytes("json").orElseThrow()).containsExactly(42);
  }

  @Test
  void whatIsSentBeforeStopIsWrittenBeforeTheCloseFrameEvenIfTheOwnerShutsItsSchedulerAtOnce() throws Exception {
    open(weak());
    FakeServiceEndpoint.Conn c = nextConnected();
    for (int i = 0; i < 3; i++) {
      assertThat(connection.send(new BroadcastDataMessage(List.of(), Payloads.of("json", new byte[] {(byte) i}))))
          .isTrue();
    }
    connection.stop(); // as a stopping hub server: its clients' Close messages are queued just before
    scheduler.shutdownNow(); // and then its timer goes, with any write task still queued on it
    for (int i = 0; i < 3; i++) {
      assertThat(c.take(BroadcastDataMessage.class, WAIT).payloads().bytes("json").orElseThrow()).containsExactly(i);
    }
    assertThat(c.awaitClosed(WAIT)).as("a close frame after them").isTrue();
    assertThat(connection.send(new BroadcastDataMessage(List.of(), Payloads.of("json", new byte[] {9})))).isFalse();
  }

  @Test
  void ackTrackerCompletesTimesOutAndFailsAll() throws Exception {
    AckTracker acks = new AckTracker(scheduler, Runnable::run);
    AckTracker.Pending answered = acks.expect(WAIT, () -> new IllegalStateException("late"));
    AckTracker.Pending late = acks.expect(Duration.ofMillis(30), () -> new IllegalStateException("no ack"));
    AckTracker.Pending pending = acks.expect(WAIT, () -> new IllegalStateException("late"));

    assertThat(acks.complete(new AckMessage(answered.id(), 2))).isTrue();
    assertThat(answered.future().get(10, TimeUnit.SECONDS).status()).isEqualTo(2);
    assertThatThrownBy(() -> late.future().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("no ack");
    assertThat(acks.complete(new AckMessage(late.id(), 1))).isFalse();

    acks.failAll(() -> new IllegalStateException("closing"));
    assertThatThrownBy(() -> pending.future().get(10, TimeUnit.SECONDS)).hasRootCauseMessage("closing");
    assertThat(acks.size()).isZero();
  }
}
