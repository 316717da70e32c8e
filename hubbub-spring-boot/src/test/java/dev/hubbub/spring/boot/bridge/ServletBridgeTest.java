package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import dev.hubbub.test.client.ConnectionEvent;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The servlet bridge: Tomcat serves negotiate and the three transports on the application's own port, with both
 * protocols (MessagePack not over SSE), the request's Spring Security principal as the hub user.
 */
@SpringBootTest(classes = ServletBridgeApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class ServletBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort
  int port;

  @Autowired
  HubServer hubServer;

  private final List<HubTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(HubTestClient::close);
  }

  static Stream<Arguments> transportsAndProtocols() {
    return Stream.of(
        Arguments.of(TransportType.WEB_SOCKETS, Protocol.JSON),
        Arguments.of(TransportType.WEB_SOCKETS, Protocol.MESSAGEPACK),
        Arguments.of(TransportType.SERVER_SENT_EVENTS, Protocol.JSON),
        Arguments.of(TransportType.LONG_POLLING, Protocol.JSON),
        Arguments.of(TransportType.LONG_POLLING, Protocol.MESSAGEPACK));
  }

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
  }

  private HubTestClient connect(String user, TransportType transport, Protocol protocol) {
    HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat",
        o -> o.transport(transport).protocol(protocol).header("Authorization", basic(user)));
    clients.add(client);
    return client;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transportsAndProtocols")
  void invocationsSendsGroupsAndUsersOnTheApplicationsPort(TransportType transport, Protocol protocol) {
    assertThat(hubServer.isEmbedded()).isTrue();
    HubTestClient alice = connect("alice", transport, protocol);
    HubTestClient bob = connect("bob", transport, protocol);
    assertThat(alice.transport()).isEqualTo(transport);

    assertThat(alice.invoke(Integer.class, "add", 3, 4)).isEqualTo(7);
    assertThat(alice.invoke(String.class, "whoAmI")).isEqualTo("alice");

    alice.invoke(Void.class, "send", "hello all");
    for (HubTestClient c : List.of(alice, bob)) {
      assertThat(c.on("newMessage").awaitNext(WAIT).arguments()).containsExactly("alice", "hello all");
    }

    bob.invoke(Void.class, "join", "room");
    alice.invoke(Void.class, "sendToGroup", "room", "to the room");
    assertThat(bob.on("groupMessage").awaitNext(WAIT).arguments()).containsExactly("room", "to the room");

    bob.invoke(Void.class, "sendToUser", "alice", "just you");
    ReceivedMessage direct = alice.on("direct").awaitNext(WAIT);
    assertThat(direct.arguments()).containsExactly("bob", "just you");

    alice.close();
    bob.close();
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void theServerClosesAConnection(TransportType transport) {
    HubTestClient client = connect("alice", transport, Protocol.JSON);
    client.send("leave");
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED, WAIT);
    assertThat(closed.error()).isNull();
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void aMessageOverTheSizeLimitClosesTheConnectionWithAReason(TransportType transport) {
    HubTestClient client = connect("alice", transport, Protocol.JSON);
    client.send("send", "x".repeat(40 * 1024));
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED, WAIT);
    assertThat(closed.error()).isNotNull();
    assertThat(closed.error().getMessage()).contains("InvalidDataException");
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aWebSocketClientThatDoesNotReadIsClosedAsASlowConsumer(CapturedOutput output) throws Exception {
    String body = http("POST", "/chat/negotiate?negotiateVersion=1", "alice").body();
    String token = body.replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", basic("alice"))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat?id=" + token), new WebSocket.Listener() {
          @Override
          public void onOpen(WebSocket webSocket) {
            // no request(n): the client reads nothing, and TCP backs up to the server
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 1);
    // 64 MB for a client that reads nothing: far past the 1 MiB outbound bound and the sockets' buffers.
    socket.sendText("{\"type\":1,\"target\":\"flood\",\"arguments\":[1000,65536]}\u001e", true)
        .get(10, TimeUnit.SECONDS);
    // Tomcat ends the send that was in flight with an IllegalStateException on its own thread once the session is
    // closed (its continuation, not the bridge's code): not a failure of this test.
    await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
    assertThat(output.getAll()).contains("is not reading").contains("(maxOutboundQueueBytes)");
    socket.abort();
  }

  /**
   * A long-polling connection that has done its handshake and asked for {@code pacedFlood(count, 16384, 262144)},
   * once the sender has stopped to wait for it (nothing leaves the queue without a poll); returns its path.
   */
  private String pacedFloodWaitingForAPoll(int count) throws Exception {
    String path = "/chat?id=" + negotiateToken();
    assertThat(http("GET", path, "alice").statusCode()).isEqualTo(200); // long polling started
    assertThat(post(path, "alice", "{\"protocol\":\"json\",\"version\":1}\u001e").statusCode()).isEqualTo(200);
    assertThat(http("GET", path, "alice").body()).isEqualTo("{}\u001e");
    int waitsBefore = ServletBridgeApp.ChatHub.PACED_WAITS.get();
    assertThat(post(path, "alice", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"pacedFlood\",\"arguments\":["
        + count + ",16384,262144]}\u001e").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> ServletBridgeApp.ChatHub.PACED_WAITS.get() > waitsBefore);
    return path;
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aSenderWaitsForAClientThatDoesNotPollInsteadOfOverrunningIt(CapturedOutput output) throws Exception {
    // 3 MB for a client that does not poll: three times the 1 MiB outbound bound, so a sender that did not wait
    // would have it closed as a slow consumer.
    int count = 200;
    String path = pacedFloodWaitingForAPoll(count);

    int floods = 0;
    StringBuilder completion = new StringBuilder();
    while (completion.length() == 0) {
      HttpResponse<String> poll = http("GET", path, "alice");
      assertThat(poll.statusCode()).isEqualTo(200);
      for (String message : poll.body().split("\u001e")) {
        if (message.contains("\"target\":\"flood\"")) {
          floods++;
        } else if (message.contains("\"type\":3")) {
          completion.append(message);
        }
      }
    }
    assertThat(floods).isEqualTo(count);
    assertThat(completion.toString()).contains("\"invocationId\":\"1\"");
    // It waited at least once per MiB it sent (the bound it never reached).
    int waits = Integer.parseInt(completion.toString().replaceAll(".*\"result\":(\\d+).*", "$1"));
    assertThat(waits).isGreaterThanOrEqualTo(count * 16384 / (1 << 20));
    assertThat(hubServer.connectionCount()).isEqualTo(1);
    assertThat(output.getAll()).doesNotContain("is not reading");
    assertThat(http("DELETE", path, "alice").statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
  }

  @Test
  void aSenderWaitingForAClientIsReleasedWhenTheConnectionEnds() throws Exception {
    String path = pacedFloodWaitingForAPoll(200);
    CompletableFuture<Integer> pacer = ServletBridgeApp.ChatHub.LAST_PACED.get();
    assertThat(pacer).isNotDone();

    assertThat(http("DELETE", path, "alice").statusCode()).isEqualTo(202);
    // Released by the end, the sender finishes (its sends to a closed connection go nowhere).
    assertThat(pacer.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
    await().atMost(WAIT).until(() -> hubServer.connectionCount() == 0);
  }

  @Test
  void aPostBodyOverTheTransportBufferIs413AndAWebSocketMessageOverItIsClosedWith1009() throws Exception {
    String token = negotiateToken();
    assertThat(http("GET", "/chat?id=" + token, "alice").statusCode()).isEqualTo(200); // long polling started
    HttpResponse<String> send = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/chat?id=" + token)).header("Authorization", basic("alice"))
        .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(send.statusCode()).isEqualTo(413);
    assertThat(send.body()).contains("larger than the limit of 65536 bytes");

    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", basic("alice"))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat?id=" + negotiateToken()), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText("x".repeat(70_000), true).get(10, TimeUnit.SECONDS);
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
  }

  private String negotiateToken() throws Exception {
    String body = http("POST", "/chat/negotiate?negotiateVersion=1", "alice").body();
    return body.replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void aBadNegotiateQueryIsAnsweredWithTheNegotiateError() throws Exception {
    HttpResponse<String> response = http("POST", "/chat/negotiate?negotiateVersion=abc", "alice");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"error\"").contains("invalid protocol version 'abc'");
  }

  @Test
  void negotiateAnswersWithAConnectionAndTheThreeTransports() throws Exception {
    HttpResponse<String> response = http("POST", "/chat/negotiate?negotiateVersion=1", "alice");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"connectionToken\"").contains("\"WebSockets\"")
        .contains("\"ServerSentEvents\"").contains("\"LongPolling\"");
  }

  @Test
  void anUnknownConnectionIdIs404ForServerSentEventsAndLongPolling() throws Exception {
    HttpResponse<String> poll = http("GET", "/chat?id=nope", "alice");
    assertThat(poll.statusCode()).isEqualTo(404);
    assertThat(poll.body()).isEqualTo("No Connection with that ID");
    HttpResponse<String> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/chat?id=nope")).header("Accept", "text/event-stream")
        .header("Authorization", basic("alice")).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(sse.statusCode()).isEqualTo(404);
    HttpResponse<String> send = http("POST", "/chat?id=nope", "alice");
    assertThat(send.statusCode()).isEqualTo(404);
  }

  @Test
  void withoutCredentialsSpringSecurityRefusesTheNegotiate() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/chat/negotiate?negotiateVersion=1")).timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void anotherUserCannotUseAConnectionItDidNotNegotiate() throws Exception {
    String body = http("POST", "/chat/negotiate?negotiateVersion=1", "alice").body();
    String token = body.replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> poll = http("GET", "/chat?id=" + token, "bob");
    assertThat(poll.statusCode()).isEqualTo(403);
  }

  @Test
  void springMvcServesItsOwnRoutes() throws Exception {
    assertThat(http("GET", "/hello", "alice").body()).isEqualTo("hello from Spring MVC");
  }

  private HttpResponse<String> post(String path, String user, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", basic(user)).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> http(String method, String path, String user) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", basic(user)).timeout(WAIT)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
