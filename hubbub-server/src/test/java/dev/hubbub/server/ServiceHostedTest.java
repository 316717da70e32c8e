package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.protocol.auth.VerifiedToken;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.BroadcastDataMessage;
import dev.hubbub.protocol.service.Claim;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.GroupBroadcastDataMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.JoinGroupWithAckMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.MultiConnectionDataMessage;
import dev.hubbub.protocol.service.MultiGroupBroadcastDataMessage;
import dev.hubbub.protocol.service.MultiUserDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.Payloads;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.UserDataMessage;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub server behind a scripted fake SignalR service, checked at the service-protocol byte level. */
class ServiceHostedTest {
  private static final String KEY = ConnectionString.EMULATOR_ACCESS_KEY;
  private static final String RS = "\u001e";
  private static final ObjectMapper JSON = new ObjectMapper();

  @org.junit.jupiter.api.extension.RegisterExtension
  static final io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension otel =
      io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension.create();

  private FakeSignalRService service;
  private HubServer server;

  @BeforeEach
  void setUp() {
    ServiceTestHub.EVENTS.clear();
    service = new FakeSignalRService();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    service.close();
  }

  /** Changes the builder of the next {@code start} (after the hub is mapped). */
  private java.util.function.Consumer<HubServer.Builder> configure = b -> { };

  private HubServer start(int connections, ServerStickyMode sticky) {
    return start(connections, sticky, o -> { });
  }

  private HubServer start(int connections, ServerStickyMode sticky,
      java.util.function.Consumer<AzureSignalROptions.Builder> more) {
    HubServer.Builder builder = HubServer.builder()
        .hub("/chat", ServiceTestHub.class);
    configure.accept(builder);
    server = builder
        .openTelemetry(otel.getOpenTelemetry())
        .authenticator((request, app) -> {
          String user = request.queryParam("user");
          return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
        })
        .useNamedAzureSignalR("signalr", o -> more.accept(o
            .connectionString("Endpoint=http://127.0.0.1:" + service.port() + ";AccessKey=" + KEY + ";Version=1.0;")
            .serviceMode(ServiceMode.DEFAULT)
            .serverStickyMode(sticky)
            .connectionCount(connections)
            .serverId("srv-1")
            .reconnectDelays(List.of(Duration.ofMillis(20)))
            .reconnectJitter(Duration.ZERO)))
        .start();
    return server;
  }

  /** Checks the dial (URL, token, headers, HandshakeRequest) and answers the handshake. */
  private FakeSignalRService.Conn acceptAndHandshake() throws Exception {
    FakeSignalRService.Conn c = service.accept();
    assertThat(c.uri).startsWith("/server/?hub=servicetesthub&cid=");
    assertThat(c.headers.get("X-ASRS-Server-Id")).isEqualTo("srv-1");
    String auth = c.headers.get("Authorization");
    assertThat(auth).startsWith("Bearer ");
    VerifiedToken token = AccessTokenVerifier.builder(KEY).build().verify(auth.substring(7));
    assertThat(token.audiences()).containsExactly("http://127.0.0.1/server/?hub=servicetesthub");
    assertThat(token.claim("nameid")).contains("srv-1");
    HandshakeRequestMessage hs = (HandshakeRequestMessage) c.next();
    assertThat(hs.version()).isEqualTo(1);
    assertThat(hs.connectionType()).isZero();
    assertThat(hs.target()).isEmpty();
    assertThat(hs.migrationLevel()).isZero();
    c.send(new HandshakeResponseMessage(""));
    return c;
  }

  private static ConnectionDataMessage data(String connectionId, String text) {
    return new ConnectionDataMessage(connectionId, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  private static String text(Payloads p, String protocol) {
    return text(p.get(protocol).orElseThrow());
  }

  private static String event() throws InterruptedException {
    String e = ServiceTestHub.EVENTS.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("a hub event within 10 s").isNotNull();
    return e;
  }

  /** Opens a client on {@code c} and does its SignalR handshake. */
  private static void openClient(FakeSignalRService.Conn c, String id, String protocol, List<Claim> claims)
      throws Exception {
    c.send(new OpenConnectionMessage(id, claims, Map.of(), "", MessageExtensions.ofProtocol(protocol)));
    c.send(data(id, "{\"protocol\":\"" + protocol + "\",\"version\":1}" + RS));
    ConnectionDataMessage response = c.expect(ConnectionDataMessage.class, m -> m.connectionId().equals(id));
    assertThat(text(response.payload())).isEqualTo("{}" + RS);
  }

  private static JsonNode completion(FakeSignalRService.Conn c, String id, String invocationId) throws Exception {
    ConnectionDataMessage m = c.expect(ConnectionDataMessage.class,
        d -> d.connectionId().equals(id) && text(d.payload()).contains("\"invocationId\":\"" + invocationId + "\""));
    String s = text(m.payload());
    assertThat(s).endsWith(RS);
    return JSON.readTree(s.substring(0, s.length() - 1));
  }

  @Test
  void hubsSeeTheClientsRequestAsTheServiceForwardedItWithoutItsAuthorization() throws Exception {
    configure = b -> b.connectionHandler("/raw", new HubServerHttpTest.Echo());
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
    a.send(new OpenConnectionMessage("c1", List.of(), Map.of("X-App", List.of("web 2"),
        "Authorization", List.of("Bearer secret-token"), "X-Forwarded-For", List.of("203.0.113.9, 10.0.0.1")),
        "?hub=servicetesthub&room=blue&access_token=service.token.x&asrs.op=%2Fchat&asrs_request_id=r1", MessageExtensions.ofProtocol("json")));
    a.send(data("c1", "{\"protocol\":\"json\",\"version\":1}" + RS));
    a.expect(ConnectionDataMessage.class, m -> m.connectionId().equals("c1"));
    assertThat(event()).startsWith("connected c1");
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"request\",\"arguments\":[]}" + RS));
    assertThat(completion(a, "c1", "1").get("result").asText())
        .isEqualTo("/chat room=blue x-app=web 2 auth=null token=null remote=203.0.113.9 transport=null");

    // A raw endpoint is the hub server's own even behind the service; the hub's transports are the service's.
    HubServerHttpTest.RawWs raw = HubServerHttpTest.RawWs.open(server.port(), "/raw");
    raw.socket.sendText("direct", true).join();
    assertThat(raw.take()).isEqualTo("direct");
    java.net.http.HttpResponse<String> direct = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/chat?id=x"))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(direct.statusCode()).isEqualTo(404);
  }

  @Test
  void opensConnectionCountSocketsAndServesAClientThroughTheService() throws Exception {
    start(3, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    acceptAndHandshake();
    acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
    assertThat(server.serviceConnectionStates().get("/chat")).containsOnly(ServiceConnectionState.CONNECTED)
        .hasSize(3);
    assertThat(service.accepted).isEmpty();

    openClient(a, "c1", "json", List.of(new Claim("nameid", "bob")));
    assertThat(event()).isEqualTo("connected c1 bob");

    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}" + RS));
    JsonNode done = completion(a, "c1", "1");
    assertThat(done.get("type").asInt()).isEqualTo(3);
    assertThat(done.get("result").asText()).isEqualTo("hi");

    a.send(new CloseConnectionMessage("c1"));
    assertThat(event()).isEqualTo("disconnected c1");
  }

  @Test
  void sendsGoThroughTheServiceEncodedPerProtocol() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    openClient(a, "c1", "json", List.of(new Claim("asrs.s.uid", "bob"), new Claim("role", "admin")));
    assertThat(event()).isEqualTo("connected c1 bob");
    openClient(a, "c2", "messagepack", List.of());
    assertThat(event()).isEqualTo("connected c2 null");

    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"broadcast\",\"arguments\":[\"hello\"]}" + RS));
    BroadcastDataMessage all = a.expect(BroadcastDataMessage.class);
    assertThat(all.excludedList()).isEmpty();
    assertThat(text(all.payloads(), "json"))
        .isEqualTo("{\"type\":1,\"target\":\"news\",\"arguments\":[\"hello\"]}" + RS);
    assertThat(all.payloads().get("messagepack")).isPresent();
    completion(a, "c1", "1");

    a.send(data("c1", "{\"type\":1,\"invocationId\":\"2\",\"target\":\"fanout\",\"arguments\":[\"x\"]}" + RS));
    BroadcastDataMessage others = a.expect(BroadcastDataMessage.class);
    assertThat(others.excludedList()).containsExactly("c1");
    GroupBroadcastDataMessage group = a.expect(GroupBroadcastDataMessage.class);
    assertThat(group.groupName()).isEqualTo("g");
    assertThat(text(group.payloads(), "json")).contains("\"target\":\"group\"");
    MultiGroupBroadcastDataMessage groups = a.expect(MultiGroupBroadcastDataMessage.class);
    assertThat(groups.groupList()).containsExactlyInAnyOrder("g", "h");
    UserDataMessage user = a.expect(UserDataMessage.class);
    assertThat(user.userId()).isEqualTo("bob");
    MultiUserDataMessage users = a.expect(MultiUserDataMessage.class);
    assertThat(users.userList()).containsExactlyInAnyOrder("bob", "ann");
    MultiConnectionDataMessage caller = a.expect(MultiConnectionDataMessage.class);
    assertThat(caller.connectionList()).containsExactly("c1");
    assertThat(text(caller.payloads(), "json")).contains("\"target\":\"caller\"");
    completion(a, "c1", "2");
  }

  /**
   * Everything a hub method sends goes on the service connection that carries its caller, a send to one other
   * client included: the caller's sends reach every receiver in the order it made them. (Found by the soak: a
   * send to one connection went on that connection's own carrier, and could overtake, or be overtaken by, the
   * caller's next send on its carrier when one service connection was slower than the other.)
   */
  @Test
  void aHubMethodsSendToOneOtherClientGoesOnTheCallersServiceConnection() throws Exception {
    start(2, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    FakeSignalRService.Conn b = acceptAndHandshake();
    openClient(a, "c1", "json", List.of());
    assertThat(event()).isEqualTo("connected c1 null");
    openClient(b, "c2", "json", List.of());
    assertThat(event()).isEqualTo("connected c2 null");

    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"tell\",\"arguments\":[\"c2\",\"hi\"]}"
        + RS));
    MultiConnectionDataMessage told = a.expect(MultiConnectionDataMessage.class);
    assertThat(told.connectionList()).containsExactly("c2");
    assertThat(text(told.payloads(), "json")).contains("\"target\":\"told\"");
    a.expect(BroadcastDataMessage.class);
    completion(a, "c1", "1");
  }

  @Test
  void groupAddWaitsForTheServiceAck() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    openClient(a, "c1", "json", List.of());
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"7\",\"target\":\"join\",\"arguments\":[\"room\"]}" + RS));
    JoinGroupWithAckMessage join = a.expect(JoinGroupWithAckMessage.class);
    assertThat(join.connectionId()).isEqualTo("c1");
    assertThat(join.groupName()).isEqualTo("room");
    a.send(new AckMessage(join.ackId(), 1));
    assertThat(completion(a, "c1", "7").get("result").asText()).isEqualTo("joined room");

    a.send(data("c1", "{\"type\":1,\"invocationId\":\"8\",\"target\":\"join\",\"arguments\":[\"bad\"]}" + RS));
    JoinGroupWithAckMessage refused = a.expect(JoinGroupWithAckMessage.class);
    a.send(new AckMessage(refused.ackId(), 4));
    assertThat(completion(a, "c1", "8").get("error").asText()).isNotEmpty();
  }

  @Test
  void groupAddFailsWhenTheServiceNeverAcks() throws Exception {
    start(1, ServerStickyMode.DISABLED, o -> o.ackTimeout(Duration.ofMillis(200)));
    FakeSignalRService.Conn a = acceptAndHandshake();
    openClient(a, "c1", "json", List.of());
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"join\",\"arguments\":[\"room\"]}" + RS));
    a.expect(JoinGroupWithAckMessage.class);
    JsonNode failed = completion(a, "c1", "1");
    assertThat(failed.get("error").asText()).isNotEmpty();
  }

  @Test
  void aRefusedHandshakeStopsThatConnectionWithoutRetrying() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = service.accept();
    assertThat(a.next()).isInstanceOf(HandshakeRequestMessage.class);
    a.send(new HandshakeResponseMessage("Version mismatch."));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.serviceConnectionStates().get("/chat").equals(List.of(ServiceConnectionState.STOPPED)));
    assertThat(server.isHealthy()).isFalse();
    assertThat(service.accepted.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void clientResultsAndServerSideCloseTravelAsConnectionData() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    openClient(a, "c1", "json", List.of());
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"ask\",\"arguments\":[]}" + RS));
    ConnectionDataMessage question = a.expect(ConnectionDataMessage.class,
        d -> text(d.payload()).contains("\"target\":\"question\""));
    JsonNode q = JSON.readTree(text(question.payload()).replace(RS, ""));
    String id = q.get("invocationId").asText();
    a.send(data("c1", "{\"type\":3,\"invocationId\":\"" + id + "\",\"result\":\"42\"}" + RS));
    assertThat(completion(a, "c1", "1").get("result").asText()).isEqualTo("answer 42");

    assertThat(event()).startsWith("connected c1");
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"2\",\"target\":\"kick\",\"arguments\":[]}" + RS));
    ConnectionDataMessage close = a.expect(ConnectionDataMessage.class, d -> text(d.payload()).contains("\"type\":7"));
    assertThat(close.connectionId()).isEqualTo("c1");
    assertThat(a.expect(CloseConnectionMessage.class).connectionId()).isEqualTo("c1");
    assertThat(event()).isEqualTo("disconnected c1");
  }

  @Test
  void reconnectsAfterTheServiceDropsTheSocket() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
    openClient(a, "c1", "json", List.of());
    assertThat(event()).startsWith("connected c1");

    a.drop();
    assertThat(event()).isEqualTo("disconnected c1");
    FakeSignalRService.Conn b = service.accept();
    assertThat(server.isHealthy()).isFalse();
    HandshakeRequestMessage hs = (HandshakeRequestMessage) b.next();
    assertThat(hs.version()).isEqualTo(1);
    assertThat(server.isHealthy()).isFalse();
    b.send(new HandshakeResponseMessage(""));
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);

    openClient(b, "c2", "json", List.of());
    assertThat(event()).startsWith("connected c2");
  }

  @Test
  void serviceConnectionsAreSpansAndAGauge() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
    await().atMost(Duration.ofSeconds(10)).until(() -> otel.getMetrics().stream()
        .filter(m -> m.getName().equals("hubbub.server.service.connections"))
        .flatMap(m -> m.getLongGaugeData().getPoints().stream())
        .anyMatch(p -> p.getValue() == 1));
    a.drop();
    await().atMost(Duration.ofSeconds(10)).until(() -> otel.getSpans().stream()
        .anyMatch(sp -> sp.getName().equals("signalr service connection servicetesthub")
            && sp.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR
            && sp.getEvents().stream().anyMatch(e -> e.getName().equals("connected"))));
    acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
  }

  @Test
  void authorizationUsesTheClaimsTheServiceForwards() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
    openClient(a, "c1", "json", List.of(new Claim("nameid", "bob"), new Claim("role", "admin")));
    openClient(a, "c2", "json", List.of(new Claim("nameid", "ann")));
    a.send(data("c1", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"admin\",\"arguments\":[]}" + RS));
    assertThat(completion(a, "c1", "1").get("result").asText()).isEqualTo("admin ok");
    a.send(data("c2", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"admin\",\"arguments\":[]}" + RS));
    assertThat(completion(a, "c2", "1").get("error").asText())
        .isEqualTo("Failed to invoke 'admin' because user is unauthorized");
  }

  @Test
  void aHubThatRequiresAUserRefusesNegotiateBeforeRedirecting() throws Exception {
    configure = b -> b.hub("/members", SecureHubs.Members.class)
        .authorizationPolicy("tenantA", p -> true);
    start(1, ServerStickyMode.DISABLED);
    java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/members/negotiate?negotiateVersion=1")).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEmpty();
  }

  @Test
  void gracefulStopSendsFinAndClosesClients() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn a = acceptAndHandshake();
    openClient(a, "c1", "json", List.of());
    Thread closer = new Thread(server::close);
    closer.start();
    PingMessage fin = a.expect(PingMessage.class);
    assertThat(fin.messages()).containsExactly("shutdown", "fin:0"); // the fake answers finack
    ConnectionDataMessage close = a.expect(ConnectionDataMessage.class, d -> text(d.payload()).contains("\"type\":7"));
    assertThat(text(close.payload())).contains("\"allowReconnect\":true");
    assertThat(a.expect(CloseConnectionMessage.class).connectionId()).isEqualTo("c1");
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(server.isHealthy()).isFalse();
    server = null;
  }

  /** A client is never sent to a hub that no service connection serves: negotiate says why instead. */
  @Test
  void negotiateIsRefusedWhileNoServiceConnectionIsUpAndHealthSaysWhy() throws Exception {
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn c = service.accept(); // dialed, never answered: not connected
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/chat/negotiate?negotiateVersion=1"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(response.body()).path("error").asText())
        .startsWith("Azure SignalR Service is not connected yet, please try again later. No connection of hub "
            + "/chat (hub 'servicetesthub' on the SignalR service at http://127.0.0.1:" + service.port() + ") is up");
    assertThat(server.health().hubs().get("/chat").reason()).startsWith("No connection of hub /chat");
    assertThat(server.health().toJson()).contains("\"reason\":\"No connection of hub /chat");
    assertThat(c).isNotNull();
  }

  @Test
  void negotiateRedirectsToTheServiceWithStickyClaims() throws Exception {
    start(1, ServerStickyMode.REQUIRED);
    acceptAndHandshake();
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/chat/negotiate?negotiateVersion=1&user=ann"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("negotiateVersion").asInt()).isZero();
    // As Azure's server SDK writes it: the original path, the client's own query (not negotiateVersion), an id.
    assertThat(body.get("url").asText())
        .matches(java.util.regex.Pattern.quote("http://127.0.0.1:" + service.port()
            + "/client/?hub=servicetesthub&asrs.op=%2Fchat&user=ann&asrs_request_id=") + "[A-Za-z0-9_-]{16}");
    assertThat(body.get("availableTransports").size()).isZero();
    VerifiedToken token = AccessTokenVerifier.builder(KEY).build().verify(body.get("accessToken").asText());
    assertThat(token.audiences()).containsExactly("http://127.0.0.1/client/?hub=servicetesthub");
    assertThat(token.claim("asrs.s.uid")).contains("ann");
    assertThat(token.claim("nameid")).contains("ann");
    assertThat(token.claim("asrs.s.sn")).contains("srv-1");
    assertThat(token.claim("asrs.s.ssticky")).contains("Required");

    // Clients cannot bypass the service: the server's own transports are off.
    java.util.concurrent.CompletableFuture<java.net.http.WebSocket> direct = HttpClient.newHttpClient()
        .newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat"),
            new java.net.http.WebSocket.Listener() { });
    assertThatThrownBy(() -> direct.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("Unexpected HTTP response status code 404");
  }

  @Test
  void optionsComeFromConfigurationAndCodeWins() {
    Map<String, String> env = Map.of(
        "ConnectionStrings__signalr", "Endpoint=http://svc:8888;AccessKey=" + KEY + ";Version=1.0;",
        "Azure__SignalR__signalr__ConnectionCount", "3",
        "Azure__SignalR__signalr__ServerStickyMode", "Preferred",
        "Azure__SignalR__signalr__ServiceMode", "Classic");
    AzureSignalROptions o = AzureSignalROptions.resolve("signalr", b -> b.connectionCount(7), env::get,
        Map.of("Azure:SignalR:signalr:ApplicationName", "app")::get);
    assertThat(o.connectionString().format()).startsWith("Endpoint=http://svc:8888");
    assertThat(o.connectionCount()).isEqualTo(7);
    assertThat(o.serverStickyMode()).isEqualTo(ServerStickyMode.PREFERRED);
    assertThat(o.serviceMode()).isEqualTo(ServiceMode.CLASSIC);
    assertThat(o.applicationName()).isEqualTo("app");
    assertThat(o.serverId()).contains("_");

    assertThatThrownBy(() -> HubServer.builder().hub("/chat", ServiceTestHub.class)
        .useNamedAzureSignalR("signalr", b -> b.connectionString("Endpoint=http://svc;AccessKey=" + KEY)
            .serviceMode(ServiceMode.SERVERLESS)).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Serverless");
    assertThatThrownBy(() -> AzureSignalROptions.resolve("signalr", b -> { }, k -> null, k -> null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ConnectionStrings__signalr");
  }

  /** The hub is named after its class, as Azure's server SDK names it; the name can be set, and is checked. */
  @Test
  void theServiceHubNameComesFromTheHubClassOrIsSetAndIsChecked() throws Exception {
    configure = b -> b.serviceHubName("/chat", "Chat");
    start(1, ServerStickyMode.DISABLED);
    FakeSignalRService.Conn c = service.accept();
    assertThat(c.uri).as("lower-cased on the wire, like every SDK").startsWith("/server/?hub=chat&cid=");

    assertThatThrownBy(() -> HubServer.builder().hub("/chat", ServiceTestHub.class).serviceHubName("/chat", "my-hub"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("The service hub name 'my-hub' of hub /chat is refused by the SignalR service: "
            + "Invalid hub name.");
    assertThatThrownBy(() -> HubServer.builder().hub("/chat", ServiceTestHub.class).serviceHubName("/nope", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No hub is mapped at '/nope'");
  }

  // ---- health over HTTP

  @Test
  void healthEndpointIsUnhealthyWhileTheServiceIsDownAndHealthyAgainAfterReconnect() throws Exception {
    start(2, ServerStickyMode.DISABLED);
    HttpResponse<String> dialing = HealthEndpointTest.call(server, "GET", "/health");
    assertThat(dialing.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(dialing.body()).get("status").asText()).isEqualTo("Unhealthy");

    FakeSignalRService.Conn a = acceptAndHandshake();
    FakeSignalRService.Conn b = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(
        () -> server.health().hubs().get("/chat").serviceConnections().stream()
            .allMatch(st -> st == ServiceConnectionState.CONNECTED));
    HttpResponse<String> up = HealthEndpointTest.call(server, "GET", "/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("{\"status\":\"Healthy\",\"hubs\":{\"/chat\":{\"status\":\"Healthy\","
        + "\"serviceConnections\":[\"Connected\",\"Connected\"]}}}");
    assertThat(HealthEndpointTest.call(server, "HEAD", "/health").statusCode()).isEqualTo(200);

    // One connection lost: still healthy (the other one carries clients), and the body says which is down.
    a.drop();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.health().hubs().get("/chat").serviceConnections()
        .contains(ServiceConnectionState.DISCONNECTED) || service.accepted.size() > 0);
    assertThat(HealthEndpointTest.call(server, "GET", "/health").statusCode()).isEqualTo(200);

    // Both lost and the service not answering handshakes: unhealthy, 503, also for HEAD.
    b.drop();
    FakeSignalRService.Conn a2 = service.accept();
    FakeSignalRService.Conn b2 = service.accept();
    HttpResponse<String> down = HealthEndpointTest.call(server, "GET", "/health");
    assertThat(down.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(down.body());
    assertThat(body.get("status").asText()).isEqualTo("Unhealthy");
    assertThat(body.get("hubs").get("/chat").get("status").asText()).isEqualTo("Unhealthy");
    assertThat(body.get("hubs").get("/chat").get("serviceConnections").toString()).doesNotContain("Connected\"");
    HttpResponse<String> head = HealthEndpointTest.call(server, "HEAD", "/health");
    assertThat(head.statusCode()).isEqualTo(503);
    assertThat(head.body()).isEmpty();
    assertThat(server.health().healthy()).isFalse();

    assertThat(a2.next()).isInstanceOf(HandshakeRequestMessage.class);
    a2.send(new HandshakeResponseMessage(""));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> HealthEndpointTest.call(server, "GET", "/health").statusCode() == 200);
    assertThat(server.health().healthy()).isTrue();
    assertThat(b2.next()).isInstanceOf(HandshakeRequestMessage.class);
  }

  // ---- bad input from the service

  /** Two connected service connections, with client c1 on the first and c2 on the second. */
  private FakeSignalRService.Conn[] twoConnectionsWithAClientEach(
      java.util.function.Consumer<AzureSignalROptions.Builder> options) throws Exception {
    start(2, ServerStickyMode.DISABLED, options);
    FakeSignalRService.Conn a = acceptAndHandshake();
    FakeSignalRService.Conn b = acceptAndHandshake();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.health().hubs().get("/chat").serviceConnections()
        .equals(List.of(ServiceConnectionState.CONNECTED, ServiceConnectionState.CONNECTED)));
    openClient(a, "c1", "json", List.of());
    assertThat(event()).startsWith("connected c1");
    openClient(b, "c2", "json", List.of());
    assertThat(event()).startsWith("connected c2");
    return new FakeSignalRService.Conn[] {a, b};
  }

  /**
   * With a client on each of two service connections, lets {@code misbehave} abuse the first one, then checks
   * that only it is dropped: its client gets {@code onDisconnected}, the client on the other connection still
   * works, the lost connection is redialed and serves new clients, and the loss is logged exactly once with
   * {@code reason}. No other hub event happens (nothing of the bad input reaches a hub).
   */
  private void onlyThatConnectionIsDroppedAndRedialed(java.util.function.Consumer<FakeSignalRService.Conn> misbehave,
      String reason) throws Exception {
    onlyThatConnectionIsDroppedAndRedialed(o -> { }, misbehave, reason);
  }

  private void onlyThatConnectionIsDroppedAndRedialed(java.util.function.Consumer<AzureSignalROptions.Builder> options,
      java.util.function.Consumer<FakeSignalRService.Conn> misbehave, String reason) throws Exception {
    FakeSignalRService.Conn[] c = twoConnectionsWithAClientEach(options);
    FakeSignalRService.Conn bad = c[0];
    FakeSignalRService.Conn good = c[1];
    try (LogCapture logs = LogCapture.start()) {
      misbehave.accept(bad);
      assertThat(event()).isEqualTo("disconnected c1");
      await().atMost(Duration.ofSeconds(10)).until(() -> !bad.channel.isActive());

      good.send(data("c2", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"still here\"]}" + RS));
      assertThat(completion(good, "c2", "1").get("result").asText()).isEqualTo("still here");

      FakeSignalRService.Conn again = acceptAndHandshake();
      await().atMost(Duration.ofSeconds(10)).until(server::isHealthy);
      openClient(again, "c3", "json", List.of());
      assertThat(event()).startsWith("connected c3");
      again.send(data("c3", "{\"type\":1,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[\"new\"]}" + RS));
      assertThat(completion(again, "c3", "2").get("result").asText()).isEqualTo("new");

      assertThat(logs.lines(" lost: ")).as("lines about the lost service connection").hasSize(1);
      assertThat(logs.lines(" lost: ").get(0))
          .matches(".*WARN dev.hubbub.server.service - Service connection servicetesthub#[01] lost: .*").contains(reason);
    }
    assertThat(service.accepted).isEmpty();
    assertThat(ServiceTestHub.EVENTS).isEmpty();
  }

  /** A whole service message: client c1 invokes echo with {@code argument}. */
  private static byte[] echoFromC1(String argument) {
    return dev.hubbub.protocol.service.ServiceProtocol.write(data("c1",
        "{\"type\":1,\"invocationId\":\"9\",\"target\":\"echo\",\"arguments\":[\"" + argument + "\"]}" + RS));
  }

  @Test
  void garbageFromTheServiceDropsOnlyThatConnectionWhichIsRedialed() throws Exception {
    // Not a service message: 'G' reads as a 71-byte length, and "ET / HTTP..." is no MessagePack array.
    byte[] garbage = ("GET / HTTP/1.1\r\nHost: example\r\n\r\n" + "x".repeat(64)).getBytes(StandardCharsets.US_ASCII);
    onlyThatConnectionIsDroppedAndRedialed(c -> c.sendRaw(garbage), "bad data from the service");
  }

  @Test
  void aConnectionClosedInTheMiddleOfAMessageIsRedialed() throws Exception {
    byte[] whole = echoFromC1("never");
    onlyThatConnectionIsDroppedAndRedialed(c -> {
      c.sendRaw(java.util.Arrays.copyOf(whole, whole.length / 2));
      c.drop();
    }, "in the middle of a message");
  }

  /**
   * The JDK WebSocket does not always report the end of the stream inside a frame it has partly delivered; then
   * the next keep-alive writes find the socket dead. Frequent keep-alives keep that within the test's time.
   */
  @Test
  void aSocketCutInTheMiddleOfAWebSocketFrameIsRedialed() throws Exception {
    byte[] whole = echoFromC1("x".repeat(300));
    onlyThatConnectionIsDroppedAndRedialed(o -> o.keepAliveInterval(Duration.ofMillis(200)),
        c -> c.cutMidFrame(whole), "in the middle of a message");
  }

  @Test
  void anOversizedMessageDropsOnlyThatConnection() throws Exception {
    // A whole frame holding one ConnectionData of 2 MiB: over the 1 MiB limit for service messages.
    byte[] big = dev.hubbub.protocol.service.ServiceProtocol.write(
        new ConnectionDataMessage("c1", ByteBuffer.wrap(new byte[2 * 1024 * 1024])));
    onlyThatConnectionIsDroppedAndRedialed(c -> c.sendRaw(big), "maximum message size of 1048576B was exceeded");
  }
}
