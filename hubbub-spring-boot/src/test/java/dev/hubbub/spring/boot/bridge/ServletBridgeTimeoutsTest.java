package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.spring.boot.HubServerCustomizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The servlet bridge keeps the hub server's timers, with short values set through a {@link HubServerCustomizer}:
 * the long-poll timeout, the disconnect timeout of a connection never started, the handshake timeout, and keep-alive
 * pings.
 */
@SpringBootTest(classes = {ServletBridgeApp.class, ServletBridgeTimeoutsTest.ShortTimers.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class ServletBridgeTimeoutsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort
  int port;

  @TestConfiguration
  static class ShortTimers {
    @Bean
    HubServerCustomizer shortTimers() {
      return builder -> builder
          .transport(t -> t.longPollTimeout(Duration.ofSeconds(1)).disconnectTimeout(Duration.ofSeconds(2)))
          .options(o -> o.handshakeTimeout(Duration.ofSeconds(1)).keepAliveInterval(Duration.ofSeconds(1)));
    }
  }

  @Test
  void aParkedPollIsAnsweredEmptyAtTheLongPollTimeout() throws Exception {
    String token = negotiate();
    assertThat(http("GET", "/chat?id=" + token).statusCode()).isEqualTo(200); // the first poll starts it
    http("POST", "/chat?id=" + token, "{\"protocol\":\"json\",\"version\":1}\u001e");
    HttpResponse<String> handshake = http("GET", "/chat?id=" + token);
    assertThat(handshake.body()).isEqualTo("{}\u001e");
    long start = System.nanoTime();
    HttpResponse<String> parked = http("GET", "/chat?id=" + token);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(parked.statusCode()).isEqualTo(200);
    assertThat(parked.body()).isEmpty();
    assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
  }

  @Test
  void aConnectionNeverStartedIsGoneAfterTheDisconnectTimeout() throws Exception {
    String token = negotiate();
    assertThat(http("POST", "/chat?id=" + token, "").statusCode()).isEqualTo(400); // known, not started
    await().atMost(WAIT).until(() -> http("POST", "/chat?id=" + token, "").statusCode() == 404);
  }

  @Test
  void aClientThatSendsNoHandshakeIsToldSoAtTheHandshakeTimeout() throws Exception {
    String token = negotiate();
    assertThat(http("GET", "/chat?id=" + token).statusCode()).isEqualTo(200);
    HttpResponse<String> answer = http("GET", "/chat?id=" + token);
    assertThat(answer.body()).isEqualTo("{\"error\":\"Handshake was canceled.\"}\u001e");
    await().atMost(WAIT).until(() -> http("GET", "/chat?id=" + token).statusCode() != 200);
  }

  @Test
  void anIdleWebSocketGetsKeepAlivePings() throws Exception {
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", ServletBridgeTest.basic("alice"))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat?id=" + negotiate()), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      socket.sendText("{\"protocol\":\"json\",\"version\":1}\u001e", true).get(10, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{}\u001e");
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":6}\u001e");
    } finally {
      socket.abort();
    }
  }

  private String negotiate() throws Exception {
    String body = http("POST", "/chat/negotiate?negotiateVersion=1").body();
    return body.replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
  }

  private HttpResponse<String> http(String method, String path) throws Exception {
    return http(method, path, null);
  }

  private HttpResponse<String> http(String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", ServletBridgeTest.basic("alice")).timeout(WAIT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
