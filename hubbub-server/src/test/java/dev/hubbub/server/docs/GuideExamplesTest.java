package dev.hubbub.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.HubServer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guide's examples start and answer. */
class GuideExamplesTest {
  @Test
  void theSelfHostedExampleServesItsRoutesAndRefusesAnonymousClients() throws Exception {
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try (HubServer server = GuideExamples.start(
        "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), blocking)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"up\":true}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/report")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("report");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/orders/negotiate?negotiateVersion=1"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(401);
    } finally {
      blocking.shutdownNow();
    }
  }

  @Test
  void theEmbeddedExampleStarts() {
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (HubServer hubs = GuideExamples.embedded(group)) {
      assertThat(hubs.serves("/orders/negotiate")).isTrue();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
