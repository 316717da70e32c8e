package dev.hubbub.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What everyday applications need around their hubs, over real sockets: the HTTP request in hub code, plain HTTP
 * routes and raw connection endpoints on the hub server's port, and the server mounted in an application's own
 * Netty server.
 */
class HubServerHttpTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubServer server;
  private @Nullable EventLoopGroup group;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
    return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hubMethodsSeeTheRequestThatOpenedTheConnection() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    WsClient c = WsClient.connect(server.port(), "/chat", "room=blue",
        Map.of("X-App", "console 1.0", "Cookie", "session=abc; theme=dark"));
    c.invoke("1", "request", "[]");
    JsonNode result = c.next().get("result");
    assertThat(result.get("path").asText()).isEqualTo("/chat");
    assertThat(result.get("room").asText()).isEqualTo("blue");
    assertThat(result.get("header").asText()).isEqualTo("console 1.0");
    assertThat(result.get("cookie").asText()).isEqualTo("abc");
    assertThat(result.get("transport").asText()).isEqualTo("WEB_SOCKETS");
    assertThat(result.get("remote").asText()).isEqualTo("127.0.0.1");
    c.close();
  }

  @Test
  void headersCanBeLeftOutOfTheRequestHubsSee() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class)
        .retainRequestHeaders(name -> !name.equalsIgnoreCase("X-App")).start();
    WsClient c = WsClient.connect(server.port(), "/chat", "", Map.of("X-App", "secret-ish"));
    c.invoke("1", "request", "[]");
    assertThat(c.next().get("result").get("header").isNull()).isTrue();
    c.close();
  }

  @Test
  void byDefaultAConnectionKeepsTheClientsHeadersButNotThoseThatCarriedTheUpgrade() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    WsClient c = WsClient.connect(server.port(), "/chat", "", Map.of("X-App", "console 1.0", "User-Agent", "ua"));
    c.invoke("1", "headerNames", "[]");
    List<String> names = new ArrayList<>();
    c.next().get("result").forEach(n -> names.add(n.asText()));
    // The JDK's client sends Connection, Upgrade and the Sec-WebSocket-* headers with its upgrade.
    assertThat(names).contains("host", "x-app", "user-agent")
        .doesNotContain("connection", "upgrade", "sec-websocket-key", "sec-websocket-version");
    c.close();
  }

  @Test
  void everyHeaderCanBeKeptAsAspNetCoreKeepsThem() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).retainRequestHeaders(name -> true).start();
    WsClient c = WsClient.connect(server.port(), "/chat", "", Map.of("X-App", "console 1.0"));
    c.invoke("1", "headerNames", "[]");
    List<String> names = new ArrayList<>();
    c.next().get("result").forEach(n -> names.add(n.asText()));
    assertThat(names).contains("host", "x-app", "connection", "upgrade", "sec-websocket-key",
        "sec-websocket-version");
    c.close();
  }

  @Test
  void routesServePlainHttpBesideTheHubsLongestPrefixFirst() throws Exception {
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try {
      server = HubServer.builder().hub("/chat", TestHub.class)
          .route("/api", (request, body, responder) ->
              responder.respond(200, "text/plain", "api " + request.method() + " " + request.path()))
          .route("/api/slow", HttpRequestHandler.onExecutor(blocking, (request, body, responder) ->
              responder.respond(201, "text/plain", "slow " + body.toString(UTF_8))))
          .route("/", (request, body, responder) -> responder.respond(200, "text/plain", "home"))
          .transport(t -> t.maxHttpRequestBytes(1_000))
          .start();
      int port = server.port();
      assertThat(call(port, "GET", "/api", "").body()).isEqualTo("api GET /api");
      assertThat(call(port, "GET", "/API/items/7", "").body()).isEqualTo("api GET /API/items/7");
      HttpResponse<String> slow = call(port, "POST", "/api/slow", "body");
      assertThat(slow.statusCode()).isEqualTo(201);
      assertThat(slow.body()).isEqualTo("slow body");
      assertThat(call(port, "GET", "/apix", "").body()).isEqualTo("home");
      assertThat(call(port, "GET", "/", "").body()).isEqualTo("home");
      // The health endpoint and the hubs keep their paths.
      assertThat(call(port, "GET", "/health", "").statusCode()).isEqualTo(200);
      assertThat(call(port, "POST", "/chat/negotiate?negotiateVersion=1", "").statusCode()).isEqualTo(200);
      // Oversized bodies never reach a route.
      assertThat(call(port, "POST", "/api/slow", "z".repeat(1_001)).statusCode()).isEqualTo(413);
      assertThat(call(port, "POST", "/api/slow", "z".repeat(1_000)).statusCode()).isEqualTo(201);
    } finally {
      blocking.shutdownNow();
    }
  }

  @Test
  void withoutARouteOtherPathsAre404AndAFailingRouteIs500() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class)
        .route("/broken", (request, body, responder) -> {
          throw new IllegalStateException("route bug");
        })
        .start();
    assertThat(call(server.port(), "GET", "/nothing", "").statusCode()).isEqualTo(404);
    assertThat(call(server.port(), "GET", "/broken", "").statusCode()).isEqualTo(500);
    assertThat(call(server.port(), "GET", "/health", "").statusCode()).isEqualTo(200);
  }

  @Test
  void routesAndEndpointsThatCouldNeverBeReachedAreRefused() {
    HttpRequestHandler ok = (request, body, responder) -> responder.respond(200);
    assertThatThrownBy(() -> HubServer.builder().route("api", ok))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> HubServer.builder().route("/api", ok).route("/API/", ok))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already mapped");
    assertThatThrownBy(() -> HubServer.builder().hub("/chat", TestHub.class).route("/chat", ok).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'/chat'");
    assertThatThrownBy(() -> HubServer.builder().hub("/chat", TestHub.class).route("/health", ok).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("health");
    assertThatThrownBy(() -> HubServer.builder().hub("/chat", TestHub.class)
        .connectionHandler("/chat", new Echo()).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'/chat'");
  }

  @Test
  void aConnectionHandlerGetsTheRawBytesOverEveryTransport() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).connectionHandler("/raw", new Echo()).start();
    RawWs ws = RawWs.open(server.port(), "/raw");
    ws.socket.sendText("no hub protocol here", true).join();
    assertThat(ws.take()).isEqualTo("no hub protocol here");

    // Long polling.
    JsonNode n = WsClientJson.read(call(server.port(), "POST", "/raw/negotiate?negotiateVersion=1", "").body());
    String token = n.get("connectionToken").asText();
    assertThat(call(server.port(), "GET", "/raw?id=" + token, "").statusCode()).isEqualTo(200);
    assertThat(call(server.port(), "POST", "/raw?id=" + token, "ping").statusCode()).isEqualTo(200);
    assertThat(call(server.port(), "GET", "/raw?id=" + token, "").body()).isEqualTo("ping");
  }

  @Test
  void embeddedInAnApplicationsServerBehindItsCodec() throws Exception {
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    group = loops;
    server = HubServer.builder().hub("/chat", TestHub.class)
        .route("/hubbub-api", (request, body, responder) -> responder.respond(200, "text/plain", "from a route"))
        .startEmbedded(loops);
    assertThat(server.isEmbedded()).isTrue();
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("embedded");
    assertThat(server.serves("/chat")).isTrue();
    assertThat(server.serves("/chat/negotiate")).isTrue();
    assertThat(server.serves("/health")).isTrue();
    assertThat(server.serves("/hubbub-api/x")).isTrue();
    assertThat(server.serves("/app")).isFalse();
    // the application's server: its codec and router (its own page at /app), the hub server behind them
    int port = dev.hubbub.server.e2e.E2eApplication.listen(loops, server, 0);

    assertThat(call(port, "GET", "/app", "").body()).isEqualTo("the application's own page");
    assertThat(call(port, "GET", "/hubbub-api", "").body()).isEqualTo("from a route");
    assertThat(call(port, "GET", "/health", "").statusCode()).isEqualTo(200);
    WsClient c = WsClient.connect(port, "/chat", "room=red", Map.of());
    c.invoke("1", "echo", "[\"embedded\"]");
    assertThat(c.next().get("result").asText()).isEqualTo("embedded");
    c.invoke("2", "request", "[]");
    assertThat(c.next().get("result").get("room").asText()).isEqualTo("red");
    server.hubContext("/chat").clients().all().send("news", "from outside");
    assertThat(c.next().toString()).contains("\"target\":\"news\"", "from outside");

    // Closing the hub server closes its clients, not the application's server.
    server.close();
    assertThat(c.nextClose().toString()).contains("\"type\":7");
    assertThat(call(port, "GET", "/app", "").body()).isEqualTo("the application's own page");
  }

  @Test
  void aListeningServerHasNoEmbeddedHandlers() {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    assertThat(server.isEmbedded()).isFalse();
    assertThatThrownBy(server::newHttpHandler).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("startEmbedded");
  }

  /** Echoes every message back as it came. */
  static final class Echo implements ConnectionHandler {
    @Override
    public void onConnected(TransportConnection c) {
    }

    @Override
    public void onData(TransportConnection c, ByteBuf data) {
      c.write(data);
    }

    @Override
    public void onClosed(TransportConnection c, @Nullable Throwable error) {
    }
  }

  /** JSON reading for the tests. */
  static final class WsClientJson {
    static JsonNode read(String s) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
    }
  }

  /** A plain WebSocket (skipping negotiate) that records text messages. */
  static final class RawWs implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket socket;

    static RawWs open(int port, String path) throws Exception {
      RawWs ws = new RawWs();
      ws.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path), ws)
          .get(10, TimeUnit.SECONDS);
      return ws;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    String take() throws InterruptedException {
      String m = messages.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }
}
