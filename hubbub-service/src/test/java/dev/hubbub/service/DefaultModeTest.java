package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.CheckConnectionExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckGroupExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserExistenceWithAckMessage;
import dev.hubbub.protocol.service.CheckUserInGroupWithAckMessage;
import dev.hubbub.protocol.service.Claim;
import dev.hubbub.protocol.service.ClientCompletionMessage;
import dev.hubbub.protocol.service.ClientInvocationMessage;
import dev.hubbub.protocol.service.ErrorCompletionMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.LeaveGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceErrorMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.protocol.service.UserJoinGroupWithAckMessage;
import dev.hubbub.protocol.service.CloseUserConnectionsWithAckMessage;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Default mode byte by byte: a scripted app server ({@link FakeAppServer}) on {@code /server/?hub=} and raw
 * SignalR clients on {@code /client/?hub=} that the service routes to it.
 */
class DefaultModeTest extends ServiceTestSupport {
  private static final String JSON_MESSAGE = "{\"type\":1,\"target\":\"m\",\"arguments\":[1]}" + RS;
  /** VarInt 8, then [1, {}, nil, "m", [1]]: an Invocation of m(1) in MessagePack. */
  private static final String MSGPACK_MESSAGE = "08" + "95" + "01" + "80" + "c0" + "a16d" + "9101";

  private final List<FakeAppServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(FakeAppServer::close);
  }

  private HubbubService startDefault() throws Exception {
    return start(ServiceOptions.builder().mode(ServiceMode.DEFAULT));
  }

  private FakeAppServer server(String hub, String id) throws InterruptedException {
    FakeAppServer s = FakeAppServer.connect(service, hub, id);
    servers.add(s);
    return s;
  }

  private static Payloads both(String json, String msgpackHex) {
    return Payloads.of("json", json.getBytes(StandardCharsets.UTF_8), "messagepack",
        HexFormat.of().parseHex(msgpackHex));
  }

  private static String text(ByteBuffer buffer) {
    return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
  }

  /** A client that the service routes to {@code server}: the server answers its handshake. */
  private RawSignalRClient routed(FakeAppServer server, String hub, @Nullable String user, String protocol)
      throws Exception {
    RawSignalRClient client = unanswered(server, hub, user, protocol);
    server.send(new ConnectionDataMessage(client.connectionId, ByteBuffer.wrap(("{}" + RS).getBytes())));
    assertThat(client.next().string()).isEqualTo("{}" + RS);
    return client;
  }

  /** A client that the service routed to {@code server}, whose handshake the server has and not yet answered. */
  private RawSignalRClient unanswered(FakeAppServer server, String hub, @Nullable String user, String protocol)
      throws Exception {
    RawSignalRClient client = track(RawSignalRClient.open(service, hub, user, false));
    String handshake = "{\"protocol\":\"" + protocol + "\",\"version\":1}" + RS;
    client.sendText(handshake);
    OpenConnectionMessage open = server.take(OpenConnectionMessage.class);
    assertThat(open.connectionId()).isEqualTo(client.connectionId);
    assertThat(open.extensions().protocol()).isEqualTo(protocol);
    ConnectionDataMessage data = server.take(ConnectionDataMessage.class);
    assertThat(data.connectionId()).isEqualTo(client.connectionId);
    assertThat(text(data.payload())).isEqualTo(handshake);
    return client;
  }

  private String negotiateBody(String hub, String token) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(service.endpoint() + "/client/negotiate?hub=" + hub + "&negotiateVersion=1"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private String stickyToken(String hub, String serverName, String mode) {
    return AccessTokenIssuer.builder(service.options().accessKey()).build().issue("http://localhost/client/?hub=" + hub,
        TokenClaims.builder().system("asrs.s.sn", serverName).system("asrs.s.ssticky", mode).build());
  }

  // ---- server endpoint, handshake, pings

  @Test
  void handshakeSucceedsWithAConnectionId() throws Exception {
    startDefault();
    FakeAppServer server = FakeAppServer.open(service, "chat", "srv1");
    servers.add(server);
    server.send(new HandshakeRequestMessage(1, 0, "", 0, MessageExtensions.NONE, false));
    HandshakeResponseMessage response = server.take(HandshakeResponseMessage.class);
    assertThat(response.errorMessage()).isEmpty();
    assertThat(response.connectionId()).isNotBlank();
  }

  @Test
  void aHandshakeOfAnotherVersionIsRefused() throws Exception {
    startDefault();
    FakeAppServer server = FakeAppServer.open(service, "chat", "srv1");
    servers.add(server);
    server.send(new HandshakeRequestMessage(2));
    assertThat(server.take(HandshakeResponseMessage.class).errorMessage()).isEqualTo("Version mismatch.");
    assertThat(server.awaitClosed().status()).isEqualTo(1000);
  }

  @Test
  void aFirstMessageOtherThanTheHandshakeIsRefused() throws Exception {
    startDefault();
    FakeAppServer server = FakeAppServer.open(service, "chat", "srv1");
    servers.add(server);
    server.send(PingMessage.KEEP_ALIVE);
    assertThat(server.take(HandshakeResponseMessage.class).errorMessage())
        .isEqualTo("The first message must be a HandshakeRequest. Got message type 3.");
    server.awaitClosed();
  }

  @Test
  void aServerWithABadTokenIsRejected() throws Exception {
    startDefault();
    String clientAudience = AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost/client/?hub=chat", TokenClaims.NONE);
    assertThatThrownBy(() -> FakeAppServer.open(service, "chat", "srv1", clientAudience))
        .hasRootCauseMessage("Unexpected HTTP response status code 401");
  }

  @Test
  void serverlessModeRefusesServerConnections() throws Exception {
    start();
    FakeAppServer server = FakeAppServer.open(service, "chat", "srv1");
    servers.add(server);
    server.send(new HandshakeRequestMessage(1));
    assertThat(server.take(HandshakeResponseMessage.class).errorMessage())
        .startsWith("Server connections are not allowed in 'Serverless' service mode.");
    server.awaitClosed();
  }

  @Test
  void pingsAreAnswered() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    server("chat", "srv2");
    server.send(PingMessage.of("echo", "42"));
    assertThat(server.take(PingMessage.class).echo()).contains("42");
    server.send(PingMessage.status(true));
    assertThat(server.take(PingMessage.class).messages()).containsExactly("status", "0", "clientcount", "0");
    server.send(PingMessage.of("servers", ""));
    String servers = server.take(PingMessage.class).servers().orElseThrow();
    assertThat(servers.substring(servers.indexOf(':') + 1).split(";")).containsExactlyInAnyOrder("srv1", "srv2");
    server.send(PingMessage.shutdown(0));
    assertThat(server.take(PingMessage.class).isFinAck()).isTrue();
  }

  // ---- negotiate and routing

  @Test
  void negotiateFailsInDefaultModeWithoutAServer() throws Exception {
    startDefault();
    assertThat(negotiateBody("chat", RawSignalRClient.clientToken(service, "chat", null)))
        .isEqualTo("{\"error\":\"SignalR Service is now in 'Default' service mode. Current mode works as a proxy "
            + "that routes client traffic to the connected app servers. However app servers are not connected.\"}");
  }

  @Test
  void aClientIsRoutedAndItsBytesFlowBothWaysUnchanged() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = track(RawSignalRClient.open(service, "chat", "alice", false));
    String handshake = "{\"protocol\":\"json\",\"version\":1}" + RS;
    client.sendText(handshake);
    OpenConnectionMessage open = server.take(OpenConnectionMessage.class);
    assertThat(open.connectionId()).isEqualTo(client.connectionId);
    assertThat(open.claims()).contains(new Claim("nameid", "alice"));
    assertThat(open.extensions().protocol()).isEqualTo("json");
    assertThat(open.queryString()).startsWith("?hub=chat&id=");
    assertThat(open.headers()).containsKey("X-Forwarded-For").doesNotContainKey("Authorization");
    assertThat(text(server.take(ConnectionDataMessage.class).payload())).isEqualTo(handshake);
    server.send(new ConnectionDataMessage(client.connectionId, ByteBuffer.wrap(("{}" + RS).getBytes())));
    assertThat(client.next().string()).isEqualTo("{}" + RS);

    String invocation = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}" + RS;
    client.sendText(invocation);
    ConnectionDataMessage data = server.take(ConnectionDataMessage.class);
    assertThat(data.connectionId()).isEqualTo(client.connectionId);
    assertThat(text(data.payload())).isEqualTo(invocation);

    server.send(new MultiConnectionDataMessage(List.of(client.connectionId), both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    assertThat(client.nextText()).isEqualTo(JSON_MESSAGE);
  }

  @Test
  void dataMessagesReachJsonAndMessagePackClientsInTheirProtocol() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient json = routed(server, "chat", "alice", "json");
    RawSignalRClient msgpack = routed(server, "chat", "bob", "messagepack");
    Payloads payloads = both(JSON_MESSAGE, MSGPACK_MESSAGE);

    server.send(new BroadcastDataMessage(List.of(), payloads));
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);

    server.send(new UserDataMessage("bob", payloads));
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    server.send(new MultiUserDataMessage(List.of("alice", "bob"), payloads));
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);

    server.send(new BroadcastDataMessage(List.of(json.connectionId), payloads));
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    // a marker proves that the excluded client got nothing before it
    server.send(new MultiConnectionDataMessage(List.of(json.connectionId),
        Payloads.of("json", ("{\"type\":1,\"target\":\"marker\",\"arguments\":[]}" + RS).getBytes())));
    assertThat(json.nextText()).contains("marker");
  }

  @Test
  void groupOperationsAreAcknowledgedAndGroupSendsReachMembers() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient json = routed(server, "chat", "alice", "json");
    RawSignalRClient msgpack = routed(server, "chat", "bob", "messagepack");
    Payloads payloads = both(JSON_MESSAGE, MSGPACK_MESSAGE);

    server.send(new JoinGroupWithAckMessage(json.connectionId, "room", 1));
    assertThat(server.take(AckMessage.class)).extracting(AckMessage::ackId, AckMessage::status).containsExactly(1, 1);
    server.send(new JoinGroupWithAckMessage("nobody", "room", 2));
    assertThat(server.take(AckMessage.class)).extracting(AckMessage::ackId, AckMessage::status).containsExactly(2, 2);
    server.send(new UserJoinGroupWithAckMessage("bob", "room", 3));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(1);

    server.send(new GroupBroadcastDataMessage("room", List.of(), payloads));
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    server.send(new GroupBroadcastDataMessage("room", List.of(), payloads, MessageExtensions.NONE, List.of("bob"),
        null));
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    server.send(new MultiGroupBroadcastDataMessage(List.of("room", "other"), payloads));
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    assertThat(json.pending()).isEmpty();

    server.send(new CheckUserInGroupWithAckMessage("bob", "room", 4));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(1);
    server.send(new CheckUserInGroupWithAckMessage("carol", "room", 5));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(2);
    server.send(new CheckGroupExistenceWithAckMessage("room", 6));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(1);
    server.send(new CheckGroupExistenceWithAckMessage("empty", 7));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(2);
    server.send(new CheckConnectionExistenceWithAckMessage(json.connectionId, 8));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(1);
    server.send(new CheckConnectionExistenceWithAckMessage("gone", 9));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(2);
    server.send(new CheckUserExistenceWithAckMessage("alice", 10));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(1);
    server.send(new CheckUserExistenceWithAckMessage("carol", 11));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(2);

    server.send(new LeaveGroupWithAckMessage(json.connectionId, null, 12));
    assertThat(server.take(AckMessage.class)).extracting(AckMessage::ackId, AckMessage::status).containsExactly(12, 1);
    server.send(new CheckUserInGroupWithAckMessage("alice", "room", 13));
    assertThat(server.take(AckMessage.class).status()).isEqualTo(2);
  }

  @Test
  void restSendsReachRoutedClients() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = routed(server, "chat", "alice", "json");
    assertStillReceives(client);
  }

  @Test
  void nothingReachesARoutedClientBeforeItsServerAnswersTheHandshake() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = unanswered(server, "chat", "alice", "json");
    // The server has not answered yet: a REST broadcast and a server broadcast wait for the answer.
    broadcast("chat", "early", "[1]");
    server.send(new BroadcastDataMessage(List.of(), both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    server.send(new ConnectionDataMessage(client.connectionId, ByteBuffer.wrap(("{}" + RS).getBytes())));
    assertThat(client.nextText()).isEqualTo("{}" + RS);
    assertThat(client.nextText()).isEqualTo("{\"type\":1,\"target\":\"early\",\"arguments\":[1]}" + RS);
    assertThat(client.nextText()).isEqualTo(JSON_MESSAGE);
    assertStillReceives(client);
  }

  /** REST sends from one thread race the server's answer: all come after it, in the order sent, none lost. */
  @Test
  void sendsRacingTheAnswerAllFollowItInTheOrderSent() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = unanswered(server, "chat", "alice", "json");
    int count = 40;
    java.util.concurrent.CompletableFuture<Void> sender = java.util.concurrent.CompletableFuture.runAsync(() -> {
      for (int i = 0; i < count; i++) {
        try {
          broadcast("chat", "m", "[" + i + "]");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    server.send(new ConnectionDataMessage(client.connectionId, ByteBuffer.wrap(("{}" + RS).getBytes())));
    sender.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(client.nextText()).isEqualTo("{}" + RS);
    for (int i = 0; i < count; i++) {
      assertThat(client.nextText()).isEqualTo("{\"type\":1,\"target\":\"m\",\"arguments\":[" + i + "]}" + RS);
    }
  }

  @Test
  void aMessagePackClientGetsTheAnswerAsTextAndWhatWaitedAsBinary() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = unanswered(server, "chat", "bob", "messagepack");
    server.send(new BroadcastDataMessage(List.of(), both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    // The answer and a first message of the server's in one ConnectionData: the answer as text, the rest binary.
    ByteBuffer answerAndMore = ByteBuffer.allocate(3 + MSGPACK_MESSAGE.length() / 2)
        .put(("{}" + RS).getBytes(StandardCharsets.UTF_8)).put(HexFormat.of().parseHex(MSGPACK_MESSAGE)).flip();
    server.send(new ConnectionDataMessage(client.connectionId, answerAndMore));
    assertThat(client.nextText()).isEqualTo("{}" + RS);
    assertThat(client.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    assertThat(client.nextHex()).isEqualTo(MSGPACK_MESSAGE);
  }

  @Test
  void aServerThatDoesNotAnswerWhileMoreThanTheOutboundBoundWaitsLosesTheClient() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.DEFAULT).maxOutboundQueueBytes(4096));
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient waiting = unanswered(server, "chat", "alice", "json");
    RawSignalRClient answered = routed(server, "chat", "bob", "json");
    String big = "\"" + "x".repeat(3000) + "\"";
    broadcast("chat", "big", "[" + big + "]"); // waits for alice's answer, within the bound
    assertThat(answered.nextText()).contains("big");
    broadcast("chat", "big", "[" + big + "]"); // past it: alice is closed, bob unaffected
    assertThat(answered.nextText()).contains("big");
    RawSignalRClient.Closed closed = waiting.awaitClosed();
    assertThat(closed.reason()).isEqualTo("The app server did not answer the handshake before messages "
        + "waiting for it passed maxOutboundQueueBytes (4096).");
    assertThat(server.take(CloseConnectionMessage.class).connectionId()).isEqualTo(waiting.connectionId);
    assertStillReceives(answered);
  }

  // ---- closing

  @Test
  void aServerClosesAClientAndAClientClosingIsAnnounced() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient first = routed(server, "chat", null, "json");
    RawSignalRClient second = routed(server, "chat", null, "json");

    String close = "{\"type\":7,\"error\":\"bye\"}" + RS;
    server.send(new ConnectionDataMessage(first.connectionId, ByteBuffer.wrap(close.getBytes())));
    server.send(new CloseConnectionMessage(first.connectionId, "bye", java.util.Map.of(), MessageExtensions.NONE));
    assertThat(first.nextText()).isEqualTo(close);
    assertThat(first.awaitClosed().status()).isEqualTo(1000);

    second.sendText("{\"type\":7}" + RS);
    assertThat(text(server.take(ConnectionDataMessage.class).payload())).isEqualTo("{\"type\":7}" + RS);
    second.close();
    CloseConnectionMessage closed = server.take(CloseConnectionMessage.class);
    assertThat(closed.connectionId()).isEqualTo(second.connectionId);
  }

  @Test
  void clientsOfADroppedServerGetAReconnectableClose() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient json = routed(server, "chat", null, "json");
    RawSignalRClient msgpack = routed(server, "chat", null, "messagepack");
    server.send(new BroadcastDataMessage(List.of(), both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    assertThat(json.nextText()).isEqualTo(JSON_MESSAGE);
    server.drop();
    assertThat(json.nextText()).isEqualTo("{\"type\":7,\"error\":\"The app server connection that served this "
        + "client was closed; reconnect.\",\"allowReconnect\":true}" + RS);
    json.awaitClosed();
    assertThat(msgpack.nextHex()).isEqualTo(MSGPACK_MESSAGE);
    // VarInt 77, [7, "The app server ...", true]
    assertThat(msgpack.nextHex()).startsWith("4d" + "93" + "07" + "d948").endsWith("c3");
    msgpack.awaitClosed();
    assertThat(negotiateBody("chat", RawSignalRClient.clientToken(service, "chat", null))).contains("\"error\"");
  }

  @Test
  void garbageFromAServerClosesOnlyThatServer() throws Exception {
    startDefault();
    FakeAppServer bad = server("chat", "bad");
    RawSignalRClient viaBad = routed(bad, "chat", null, "json");
    FakeAppServer good = server("chat", "good");
    RawSignalRClient viaGood = routed(good, "chat", null, "json"); // the least loaded
    bad.sendRaw(new byte[] {3, (byte) 0x91, (byte) 0xc1, 0});
    assertThat(bad.take(ServiceErrorMessage.class).errorMessage()).startsWith("Invalid service message: ");
    bad.awaitClosed();
    assertThat(viaBad.nextText()).contains("\"allowReconnect\":true");
    good.send(new BroadcastDataMessage(List.of(), both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    assertThat(viaGood.nextText()).isEqualTo(JSON_MESSAGE);
  }

  // ---- sticky routing and modes

  @Test
  void stickyClientsGoToTheirServerOrAreRefusedWhenItIsRequiredAndAbsent() throws Exception {
    startDefault();
    FakeAppServer one = server("chat", "one");
    FakeAppServer two = server("chat", "two");
    assertThat(negotiateBody("chat", stickyToken("chat", "three", "Required")))
        .startsWith("{\"error\":\"The app server 'three' that this client is bound to");
    assertThat(negotiateBody("chat", stickyToken("chat", "three", "Preferred"))).contains("connectionId");

    for (int i = 0; i < 3; i++) {
      RawSignalRClient client = track(RawSignalRClient.openWithToken(service, "chat",
          stickyToken("chat", "two", i == 0 ? "Required" : "Preferred"), false));
      client.sendText("{\"protocol\":\"json\",\"version\":1}" + RS);
      assertThat(two.take(OpenConnectionMessage.class).connectionId()).isEqualTo(client.connectionId);
      two.take(ConnectionDataMessage.class);
    }
    // least loaded: the next plain client goes to the server with fewer clients
    RawSignalRClient plain = track(RawSignalRClient.open(service, "chat", null, false));
    plain.sendText("{\"protocol\":\"json\",\"version\":1}" + RS);
    assertThat(one.take(OpenConnectionMessage.class).connectionId()).isEqualTo(plain.connectionId);
  }

  @Test
  void aServerThatShutsDownTakesNoNewClients() throws Exception {
    startDefault();
    FakeAppServer leaving = server("chat", "leaving");
    FakeAppServer staying = server("chat", "staying");
    leaving.send(PingMessage.shutdown(2));
    assertThat(leaving.take(PingMessage.class).isFinAck()).isTrue();
    for (int i = 0; i < 2; i++) {
      RawSignalRClient client = track(RawSignalRClient.open(service, "chat", null, false));
      client.sendText("{\"protocol\":\"json\",\"version\":1}" + RS);
      assertThat(staying.take(OpenConnectionMessage.class).connectionId()).isEqualTo(client.connectionId);
      staying.take(ConnectionDataMessage.class);
    }
  }

  @Test
  void classicModeServesClientsHereWithoutAServerAndRoutesThemWithOne() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.CLASSIC));
    RawSignalRClient served = json("chat");
    assertStillReceives(served);
    FakeAppServer server = server("chat", "srv1");
    routed(server, "chat", null, "json");
  }

  @Test
  void aQuietServerIsPingedAndASilentOneIsDropped() throws Exception {
    start(ServiceOptions.builder().mode(ServiceMode.DEFAULT).serverKeepAliveInterval(Duration.ofMillis(50))
        .serverTimeout(Duration.ofMillis(600)));
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = routed(server, "chat", null, "json");
    assertThat(server.takeAny()).isEqualTo(PingMessage.KEEP_ALIVE);
    // the fake server never pings: after the timeout the service drops it and its client may reconnect
    assertThat(server.awaitClosed().reason()).isEqualTo("The app server connection sent nothing for 600 ms.");
    assertThat(client.nextText()).contains("\"allowReconnect\":true");
  }

  @Test
  void weakConnectionsSendButCarryNoClients() throws Exception {
    start();
    RawSignalRClient client = json("chat", "alice");
    FakeAppServer weak = FakeAppServer.open(service, "chat", "management");
    servers.add(weak);
    weak.send(new HandshakeRequestMessage(1, 2, "", 0, MessageExtensions.NONE, false));
    assertThat(weak.take(HandshakeResponseMessage.class).isSuccess()).isTrue();
    weak.send(new UserDataMessage("alice", both(JSON_MESSAGE, MSGPACK_MESSAGE)));
    assertThat(client.nextText()).isEqualTo(JSON_MESSAGE);
    weak.send(new UserJoinGroupWithAckMessage("alice", "room", 1,
        MessageExtensions.NONE.withTtl(60)));
    assertThat(weak.take(AckMessage.class).status()).isEqualTo(1);
    weak.send(new CloseUserConnectionsWithAckMessage("alice", "done", 2));
    assertThat(weak.take(AckMessage.class).status()).isEqualTo(1);
    assertThat(client.nextText()).isEqualTo("{\"type\":7,\"error\":\"done\"}" + RS);
    client.awaitClosed();
  }

  @Test
  void defaultModeDoesNotRouteToWeakConnections() throws Exception {
    startDefault();
    FakeAppServer weak = FakeAppServer.open(service, "chat", "management");
    servers.add(weak);
    weak.send(new HandshakeRequestMessage(1, 2, "", 0, MessageExtensions.NONE, false));
    assertThat(weak.take(HandshakeResponseMessage.class).isSuccess()).isTrue();
    assertThat(negotiateBody("chat", RawSignalRClient.clientToken(service, "chat", null)))
        .contains("app servers are not connected");
  }

  @Test
  void largeSendsFromAServerPass() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = routed(server, "chat", null, "json");
    String big = "{\"type\":1,\"target\":\"m\",\"arguments\":[\"" + "x".repeat(70_000) + "\"]}" + RS;
    server.send(new MultiConnectionDataMessage(List.of(client.connectionId), Payloads.of("json", big.getBytes())));
    assertThat(client.nextText()).isEqualTo(big);
  }

  @Test
  void aServerWithAnInvalidHubNameIsRefused() throws Exception {
    startDefault();
    FakeAppServer server = FakeAppServer.open(service, "1chat", "srv1");
    servers.add(server);
    assertThat(server.take(HandshakeResponseMessage.class).errorMessage()).startsWith("Invalid hub name '1chat'.");
    server.awaitClosed();
  }

  @Test
  void aRoutedClientThatDropsIsClosedEvenWithStatefulReconnect() throws Exception {
    startDefault();
    FakeAppServer server = server("chat", "srv1");
    RawSignalRClient client = opened("chat", true);
    assertThat(client.statefulReconnect).isTrue();
    client.sendText("{\"protocol\":\"json\",\"version\":2}" + RS);
    server.take(OpenConnectionMessage.class);
    server.take(ConnectionDataMessage.class);
    client.dropSocket();
    assertThat(server.take(CloseConnectionMessage.class).connectionId()).isEqualTo(client.connectionId);
  }

  @Test
  void clientResultsReachTheClientAndCompletionsTheirCaller() throws Exception {
    startDefault();
    FakeAppServer owner = server("chat", "owner");
    RawSignalRClient client = routed(owner, "chat", null, "json");
    FakeAppServer caller = server("chat", "caller");
    String invocation = "{\"type\":1,\"invocationId\":\"7\",\"target\":\"ask\",\"arguments\":[]}" + RS;
    caller.send(new ClientInvocationMessage("7", client.connectionId, "caller",
        both(invocation, MSGPACK_MESSAGE)));
    assertThat(client.nextText()).isEqualTo(invocation);
    String completion = "{\"type\":3,\"invocationId\":\"7\",\"result\":42}" + RS;
    client.sendText(completion);
    assertThat(text(owner.take(ConnectionDataMessage.class).payload())).isEqualTo(completion);
    owner.send(new ClientCompletionMessage("7", client.connectionId, "caller", "json",
        ByteBuffer.wrap(completion.getBytes())));
    ClientCompletionMessage routed = caller.take(ClientCompletionMessage.class);
    assertThat(routed.invocationId()).isEqualTo("7");
    assertThat(text(routed.payload())).isEqualTo(completion);

    caller.send(new ClientInvocationMessage("8", "nobody", "caller", both(invocation, MSGPACK_MESSAGE)));
    assertThat(caller.take(ErrorCompletionMessage.class).error()).isEqualTo("Connection 'nobody' does not exist.");
  }
}
