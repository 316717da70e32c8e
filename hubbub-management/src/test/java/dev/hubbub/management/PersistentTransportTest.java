package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.CheckUserExistenceWithAckMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.ServerConnectionType;
import dev.hubbub.protocol.service.UserJoinGroupWithAckMessage;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.serviceconnection.FakeServiceEndpoint;
import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the persistent transport does: redialing, Ack timeouts, no connection, closing, bad frames. Against
 * a scripted endpoint on a loopback port ({@link FakeServiceEndpoint}), which answers handshakes but nothing
 * else unless a test does; and against a Default-mode Hubbub service.
 */
class PersistentTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private FakeServiceEndpoint endpoint;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    endpoint = new FakeServiceEndpoint();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    endpoint.close();
  }

  private ServiceManagerBuilder builder(String connectionString) {
    return new ServiceManagerBuilder().connectionString(connectionString)
        .transportType(ServiceTransportType.PERSISTENT)
        .persistentConnection(ServiceConnectionConfig.builder().connectionType(ServerConnectionType.WEAK)
            .reconnectDelays(List.of(Duration.ofMillis(20))).reconnectJitter(Duration.ZERO).build());
  }

  private ServiceManager manager(ServiceManagerBuilder builder) {
    ServiceManager m = builder.build();
    closeables.add(m);
    return m;
  }

  private ServiceManager manager() {
    return manager(builder(endpoint.connectionString()));
  }

  private static String json(BroadcastDataMessage m) {
    return new String(m.payloads().bytes("json").orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void opensOneWeakConnectionPerHubAndSendsFramedPayloadsPerProtocol() throws Exception {
    ServiceHubContext hub = manager().createHubContext("Chat");
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    assertThat(c.take(HandshakeRequestMessage.class, WAIT).connectionType()).isEqualTo(2);
    assertThat(c.target).startsWith("/server/?hub=chat&cid=");

    hub.clients().allExcept(List.of("c1")).send("newMessage", "hi", 1);
    BroadcastDataMessage m = c.take(BroadcastDataMessage.class, WAIT);
    assertThat(m.excludedList()).containsExactly("c1");
    assertThat(json(m)).isEqualTo("{\"type\":1,\"target\":\"newMessage\",\"arguments\":[\"hi\",1]}\u001e");
    assertThat(m.payloads().bytes("messagepack")).isPresent();

    hub.clients().users(List.of("a", "b")).send("m");
    assertThat(c.take(MultiUserDataMessage.class, WAIT).userList()).containsExactly("a", "b");
    assertThat(endpoint.connections()).hasSize(1);
  }

  @Test
  void userJoinGroupCarriesTheTtlAndCompletesOnTheAck() throws Exception {
    ServiceHubContextAsync hub = manager().createHubContext("chat").async();
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);

    CompletableFuture<Void> added = hub.userGroups().addToGroup("u", "g", Duration.ofMillis(1500));
    UserJoinGroupWithAckMessage m = c.take(UserJoinGroupWithAckMessage.class, WAIT);
    assertThat(m.extensions().ttl()).isEqualTo(2);
    assertThat(added).isNotDone();
    c.send(new AckMessage(m.ackId(), 1));
    added.get(10, TimeUnit.SECONDS);
  }

  @Test
  void ackStatusesBecomeAnswersOrErrors() throws Exception {
    ServiceHubContextAsync hub = manager().createHubContext("chat").async();
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);

    CompletableFuture<Boolean> exists = hub.clientManager().userExists("u");
    c.send(new AckMessage(c.take(CheckUserExistenceWithAckMessage.class, WAIT).ackId(), 2));
    assertThat(exists.get(10, TimeUnit.SECONDS)).isFalse();

    CompletableFuture<Boolean> failing = hub.clientManager().userExists("u");
    c.send(new AckMessage(c.take(CheckUserExistenceWithAckMessage.class, WAIT).ackId(), 4, "boom",
        MessageExtensions.NONE, null));
    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SignalRServiceException.class)
        .hasMessage("The SignalR service answered UserExists (user 'u') on hub 'chat' with Ack status 4 "
            + "(INTERNAL_SERVER_ERROR): boom.");
  }

  @Test
  void anUnansweredAckTimesOutWithAClearError() throws Exception {
    ServiceHubContext hub = manager(builder(endpoint.connectionString()).ackTimeout(Duration.ofMillis(200)))
        .createHubContext("chat");
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);

    assertThatThrownBy(() -> hub.clientManager().userExists("u")).isInstanceOf(SignalRConnectionException.class)
        .hasMessage("The SignalR service did not acknowledge UserExists (user 'u') on hub 'chat' within 200 ms; "
            + "it may or may not have been applied.");
    // a late answer is ignored, and the connection still works
    c.send(new AckMessage(c.take(CheckUserExistenceWithAckMessage.class, WAIT).ackId(), 1));
    hub.clients().all().send("stillFine");
    assertThat(json(c.take(BroadcastDataMessage.class, WAIT))).contains("stillFine");
  }

  @Test
  void withNoConnectionOperationsFailFastAndCreatingABlockingContextTimesOut() throws Exception {
    endpoint.answerHandshake(false);
    ServiceManager manager = manager(builder(endpoint.connectionString()).connectTimeout(Duration.ofMillis(300)));

    ServiceHubContextAsync async = manager.createHubContextAsync("chat");
    closeables.add(async);
    CompletableFuture<Void> send = async.clients().all().send("m");
    assertThat(send).isCompletedExceptionally();
    assertThatThrownBy(send::join).cause().isInstanceOf(SignalRConnectionException.class)
        .hasMessageStartingWith("SendToAll on hub 'chat' failed: no persistent connection to the SignalR service at "
            + endpoint.endpoint() + " is up (connection states [CONNECTING]")
        .hasMessageEndingWith("It was not sent; it reconnects by itself, retry later.");

    assertThatThrownBy(() -> manager.createHubContext("other")).isInstanceOf(SignalRConnectionException.class)
        .hasMessageStartingWith("No persistent connection to the SignalR service at " + endpoint.endpoint()
            + " came up for hub 'other' within 300 ms");
  }

  @Test
  void anUnreachableServiceIsNamedInTheError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ServiceManager manager = manager(builder("Endpoint=http://127.0.0.1:" + port
        + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;")
        .connectTimeout(Duration.ofMillis(500)));
    assertThatThrownBy(() -> manager.createHubContext("chat")).isInstanceOf(SignalRConnectionException.class)
        .hasMessageContaining("came up for hub 'chat' within 500 ms")
        .hasMessageContaining("cannot connect to ws://127.0.0.1:" + port + "/server/?hub=chat");
  }

  @Test
  void aDroppedSocketIsRedialedAndOperationsGoOnTheNewOne() throws Exception {
    ServiceHubContext hub = manager().createHubContext("chat");
    FakeServiceEndpoint.Conn first = endpoint.take(WAIT);
    first.drop();

    FakeServiceEndpoint.Conn second = endpoint.take(WAIT);
    second.take(HandshakeRequestMessage.class, WAIT);
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> hub.clients().all().send("afterRedial"));
    assertThat(json(second.take(BroadcastDataMessage.class, WAIT))).contains("afterRedial");
  }

  @Test
  void garbageFromTheServiceDropsOnlyThatConnection() throws Exception {
    ServiceManager manager = manager();
    ServiceHubContext chat = manager.createHubContext("chat");
    FakeServiceEndpoint.Conn chatConn = endpoint.take(WAIT);
    ServiceHubContext news = manager.createHubContext("news");
    FakeServiceEndpoint.Conn newsConn = endpoint.take(WAIT);

    // VarInt length 2, then two 0xC1 bytes (a MessagePack code that is never used)
    chatConn.sendBinary(new byte[] {0x02, (byte) 0xC1, (byte) 0xC1});
    chatConn.awaitClosed(WAIT);

    news.clients().all().send("unaffected");
    assertThat(json(newsConn.take(BroadcastDataMessage.class, WAIT))).contains("unaffected");
    assertThat(newsConn.isClosed()).isFalse();

    FakeServiceEndpoint.Conn redialed = endpoint.take(WAIT);
    assertThat(redialed.target).startsWith("/server/?hub=chat&");
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> chat.clients().all().send("again"));
    assertThat(json(redialed.take(BroadcastDataMessage.class, WAIT))).contains("again");
  }

  @Test
  void closingReleasesSocketsAndThreadsAndFailsWaitingOperations() throws Exception {
    ServiceManager manager = builder(endpoint.connectionString()).build();
    ServiceHubContext first = manager.createHubContext("chat");
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);
    ServiceHubContext second = manager.createHubContext("chat");
    assertThat(endpoint.connections()).hasSize(1);

    first.close();
    second.clients().all().send("sharedConnectionStillOpen");
    assertThat(json(c.take(BroadcastDataMessage.class, WAIT))).contains("sharedConnectionStillOpen");

    CompletableFuture<Boolean> waiting = second.async().clientManager().userExists("u");
    manager.close();

    assertThat(c.awaitClosed(WAIT)).as("closed with a close frame").isTrue();
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SignalRConnectionException.class).hasMessageContaining("was closed");
    assertThatThrownBy(() -> second.clients().all().send("afterClose"))
        .isInstanceOf(SignalRConnectionException.class)
        .hasMessage("The ServiceManager is closed, so hub 'chat' cannot be used: build a new one.");
    await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("hubbub-management-")));
  }

  @Test
  void spansForEachOperationAndEachDial() throws Exception {
    RecordingOpenTelemetry otel = new RecordingOpenTelemetry();
    ServiceHubContext hub = manager(builder(endpoint.connectionString()).openTelemetry(otel)
        .ackTimeout(Duration.ofMillis(100))).createHubContext("chat");
    FakeServiceEndpoint.Conn c = endpoint.take(WAIT);

    hub.clients().all().send("m");
    assertThatThrownBy(() -> hub.clientManager().groupExists("g")).isInstanceOf(SignalRConnectionException.class);
    c.drop();

    await().atMost(WAIT).until(() -> otel.ended.size() >= 3);
    assertThat(otel.ended).anySatisfy(span -> {
      assertThat(span.name()).isEqualTo("signalr SendToAll");
      assertThat(span.scope()).isEqualTo("dev.hubbub.management");
      assertThat(span.attributes()).containsEntry("signalr.operation", "SendToAll").containsEntry("rpc.service", "chat");
      assertThat(span.status()).isEqualTo(io.opentelemetry.api.trace.StatusCode.UNSET);
    }).anySatisfy(span -> {
      assertThat(span.name()).isEqualTo("signalr GroupExists");
      assertThat(span.attributes()).containsEntry("error.type", SignalRConnectionException.class.getName());
      assertThat(span.status()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }).anySatisfy(span -> {
      assertThat(span.name()).isEqualTo("signalr service connection chat");
      assertThat(span.kind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
      assertThat(span.attributes()).containsEntry("signalr.connection.type", "weak")
          .containsEntry("signalr.service_connection.index", 0L);
      assertThat(span.status()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    });
  }

  @Test
  void worksAgainstADefaultModeServiceToo() throws Exception {
    HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT).build());
    closeables.add(service);
    ServiceHubContext hub = manager(builder(service.connectionString())).createHubContext("chat");

    hub.userGroups().addToGroup("alice", "g");
    assertThat(hub.userGroups().isUserInGroup("alice", "g")).isTrue();
    assertThat(hub.clientManager().userExists("alice")).isFalse();
    hub.clients().group("g").send("nobodyHere");
    hub.clientManager().closeGroupConnections("g", "bye");
  }
}
