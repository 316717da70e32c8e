package dev.hubbub.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The servlet bridge applies {@code hubbub.signalr.allowed-origins} as the hub server's transport does. */
@SpringBootTest(classes = ServletChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "hubbub.signalr.allowed-origins=http://pages.example"})
class ServletBridgeCorsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort
  int port;

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/chat/negotiate?negotiateVersion=1"))
        .header("Origin", "http://pages.example").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://pages.example");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("x-requested-with,x-signalr-user-agent");
  }

  @Test
  void theNegotiateReflectsAnAllowedOriginOnly() throws Exception {
    HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/chat/negotiate?negotiateVersion=1"))
        .header("Origin", "http://pages.example").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://pages.example");
    HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/chat/negotiate?negotiateVersion=1"))
        .header("Origin", "http://elsewhere.example").POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newHttpClient().send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
