package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.service.upstream.UpstreamSettings;
import dev.hubbub.service.upstream.UpstreamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding example of {@code docs/service.md}, kept here so that it compiles and runs. */
class EmbeddingExampleTest {

  @Test
  void embedTheServiceInATest() throws Exception {
    // docs/service.md "Embedding" begins
    ServiceOptions options = ServiceOptions.builder()
        .port(0)                                          // any free port; read it back with port()
        .upstreamSettings(new UpstreamSettings(List.of(
            UpstreamTemplate.of("http://localhost:7071/runtime/webhooks/signalr"))))
        .keepAliveInterval(Duration.ofSeconds(5))
        .maxConnections(1_000)
        .build();
    try (HubbubService service = HubbubService.start(options)) {
      String connectionString = service.connectionString();
      // Endpoint=http://localhost:<port>;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;
      HttpResponse<Void> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(service.endpoint() + "/api/health")).build(),
          HttpResponse.BodyHandlers.discarding());
      // docs/service.md "Embedding" ends
      assertThat(connectionString).isEqualTo("Endpoint=http://localhost:" + service.port()
          + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(service.connectionCount()).isZero();
    }
  }

  /** try-with-resources around an explicit close(), or a shutdown hook beside it: the second call does nothing. */
  @Test
  void closingTwiceIsHarmless() throws Exception {
    HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).build());
    service.close();
    service.close();
    assertThat(service.connectionCount()).isZero();
  }
}
