package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The self-hosted hub server's built-in {@code /health} endpoint, over real HTTP on loopback. */
class HealthEndpointTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<String> call(HubServer s, String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getAnswers200WithTheHealthAsJson() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).hub("/other", TestHub.class).start();
    HttpResponse<String> r = call(server, "GET", "/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store, no-cache");
    assertThat(r.body()).isEqualTo(
        "{\"status\":\"Healthy\",\"hubs\":{\"/chat\":{\"status\":\"Healthy\"},\"/other\":{\"status\":\"Healthy\"}}}");
    assertThat(server.health()).isEqualTo(new HubServerHealth(true, java.util.Map.of(
        "/chat", new HubServerHealth.HubHealth(true, List.of()), "/other", new HubServerHealth.HubHealth(true, List.of()))));
    assertThat(server.health().toJson()).isEqualTo(r.body());
    assertThat(server.healthPath()).isEqualTo("/health");
  }

  @Test
  void headAnswersTheSameStatusAndLengthWithoutABody() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    String body = call(server, "GET", "/health").body();
    HttpResponse<String> r = call(server, "HEAD", "/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(body.length());
    // The connection stays usable after HEAD (no stray body bytes on it).
    assertThat(call(server, "GET", "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void otherMethodsAre405AndOtherPaths404() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    HttpResponse<String> post = call(server, "POST", "/health");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(call(server, "GET", "/healthz").statusCode()).isEqualTo(404);
    assertThat(call(server, "GET", "/health/").statusCode()).isEqualTo(200);
  }

  @Test
  void thePathCanBeMovedOrTheEndpointTurnedOff() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).healthPath("/ops/ready").start();
    assertThat(call(server, "GET", "/ops/ready").statusCode()).isEqualTo(200);
    assertThat(call(server, "GET", "/health").statusCode()).isEqualTo(404);
    server.close();

    server = HubServer.builder().hub("/chat", TestHub.class).disableHealthEndpoint().start();
    assertThat(server.healthPath()).isNull();
    assertThat(call(server, "GET", "/health").statusCode()).isEqualTo(404);
    assertThat(server.health().healthy()).isTrue();
  }

  @Test
  void aHubAtTheHealthPathIsRefused() {
    assertThatThrownBy(() -> HubServer.builder().hub("/health", TestHub.class).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("health path '/health'").hasMessageContaining("disableHealthEndpoint()");
    assertThatThrownBy(() -> HubServer.builder().healthPath("health"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'health'");
  }

  @Test
  void aClosedServerIsUnhealthy() {
    server = HubServer.builder().hub("/chat", TestHub.class).start();
    server.close();
    assertThat(server.health().healthy()).isFalse();
    assertThat(server.health().status()).isEqualTo("Unhealthy");
    assertThat(server.isHealthy()).isFalse();
    server = null;
  }
}
