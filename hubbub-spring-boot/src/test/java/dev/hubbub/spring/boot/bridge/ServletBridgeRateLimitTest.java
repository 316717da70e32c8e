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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The servlet bridge keeps the hub server's rate limits (off by default) as the Netty transport and the service do,
 * answering as Azure SignalR's Application Firewall: negotiations past {@code maxNegotiationsPerSecondPerIp} are 429
 * with {@code Retry-After: 1} and the limit named, and admitted again in the next second; a connected client past
 * {@code maxInvocationsPerSecond} is closed with a reason naming it.
 */
@SpringBootTest(classes = {ServletBridgeApp.class, ServletBridgeRateLimitTest.Limits.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class ServletBridgeRateLimitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String RS = "\u001e";

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @TestConfiguration
  static class Limits {
    @Bean
    HubServerCustomizer limits() {
      return builder -> builder
          .transport(t -> t.maxNegotiationsPerSecondPerIp(5))
          .options(o -> o.maxInvocationsPerSecond(5));
    }
  }

  @Test
  void negotiationsPastThePerAddressRateAre429WithRetryAfterAndAdmittedAgainLater() throws Exception {
    HttpResponse<String> refused = null;
    // Bursts of 20 at once: more than 5 reach the server within one second however busy the machine is.
    for (int burst = 0; burst < 50 && refused == null; burst++) {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(negotiateAsync());
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        HttpResponse<String> answer = a.get(10, TimeUnit.SECONDS);
        if (answer.statusCode() == 429) {
          refused = answer;
        } else {
          assertThat(answer.statusCode()).isEqualTo(200);
        }
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(refused.body()).isEqualTo("Too many connections started from 127.0.0.1: more than 5 per second "
        + "(maxNegotiationsPerSecondPerIp). Retry after a second.");
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> negotiate().statusCode() == 200);
  }

  @Test
  void aClientPastItsInvocationRateIsClosedWithTheLimitNamed() throws Exception {
    String token = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(this::negotiate, a -> a.statusCode() == 200)
        .body().replaceAll(".*\"connectionToken\":\"([^\"]+)\".*", "$1");
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket = http.newWebSocketBuilder().header("Authorization", ServletBridgeTest.basic("alice"))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat?id=" + token), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      socket.sendText("{\"protocol\":\"json\",\"version\":1}" + RS, true).get(10, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{}" + RS);
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 50; i++) { // one frame: 50 invocations within a second, whatever the machine's speed
        burst.append("{\"type\":1,\"invocationId\":\"").append(i).append("\",\"target\":\"add\",\"arguments\":[1,2]}")
            .append(RS);
      }
      socket.sendText(burst, true).get(10, TimeUnit.SECONDS);
      String close = null;
      // Messages may share a frame (completions and the close together): look at each record.
      for (String m = received.poll(10, TimeUnit.SECONDS); m != null && close == null;
          m = received.poll(10, TimeUnit.SECONDS)) {
        for (String record : m.split(RS)) {
          if (record.contains("\"type\":7")) {
            close = record + RS;
          }
        }
      }
      assertThat(close).isEqualTo("{\"type\":7,\"error\":\"Connection closed with an error. Too many invocations: "
          + "more than 5 per second from this connection (maxInvocationsPerSecond). Slow down and reconnect.\"}"
          + RS);
      assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull(); // and the socket ends
    } finally {
      socket.abort();
    }
  }

  private HttpResponse<String> negotiate() throws Exception {
    return negotiateAsync().get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> negotiateAsync() {
    return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/negotiate?negotiateVersion=1"))
        .header("Authorization", ServletBridgeTest.basic("alice")).timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
