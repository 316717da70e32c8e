package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.spring.boot.HubServerCustomizer;
import dev.hubbub.spring.boot.RawHttpResponse;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The servlet bridge keeps the hub server's {@code maxConnections} as the Netty transport does: a negotiate (or a
 * WebSocket without one) past it is answered 503 with the limit named, also when many race, and a connection that
 * ends makes room again.
 */
@SpringBootTest(classes = {ServletBridgeApp.class, ServletBridgeConnectionLimitTest.ThreeConnections.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class ServletBridgeConnectionLimitTest {
  static final int MAX = 3;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FULL = "The server has reached its limit of 3 connections.";

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @TestConfiguration
  static class ThreeConnections {
    @Bean
    HubServerCustomizer threeConnections() {
      return builder -> builder.transport(t -> t.maxConnections(MAX));
    }
  }

  @Test
  void negotiationsRacingPastTheLimitAre503AndAnEndedConnectionMakesRoom() throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> racing = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        racing.add(pool.submit((Callable<HttpResponse<String>>) () -> send("POST", "/chat/negotiate?negotiateVersion=1")));
      }
      for (Future<HttpResponse<String>> f : racing) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> tokens = answers.stream().filter(a -> a.statusCode() == 200)
        .map(a -> a.body().replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1")).toList();
    assertThat(tokens).hasSize(MAX);
    assertThat(answers.stream().filter(a -> a.statusCode() == 503)).hasSize(40 - MAX)
        .allSatisfy(a -> assertThat(a.body()).isEqualTo(FULL));

    // A WebSocket without negotiate (skipNegotiation) counts too. The JDK's client sets no Upgrade header: by hand.
    String skip = webSocketWithoutNegotiate();
    assertThat(skip).startsWith("HTTP/1.1 503").endsWith(FULL);

    // One long-polling connection started and ended with DELETE: then one new negotiation is admitted, not two.
    String first = tokens.get(0);
    assertThat(send("GET", "/chat?id=" + first).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/chat?id=" + first).statusCode()).isEqualTo(202);
    await().atMost(WAIT).until(() -> send("POST", "/chat/negotiate?negotiateVersion=1").statusCode() == 200);
    assertThat(send("POST", "/chat/negotiate?negotiateVersion=1").statusCode()).isEqualTo(503);
  }

  /** The answer (status line, headers and body) to a WebSocket upgrade of {@code /chat} without a connection id. */
  private String webSocketWithoutNegotiate() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      String request = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Authorization: " + ServletBridgeTest.basic("alice") + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
      RawHttpResponse response = RawHttpResponse.read(in);
      return response.head() + "\r\n" + response.body();
    }
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", ServletBridgeTest.basic("alice")).timeout(WAIT)
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
