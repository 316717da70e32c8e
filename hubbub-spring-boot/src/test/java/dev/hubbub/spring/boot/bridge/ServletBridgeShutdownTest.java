package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.test.client.ConnectionEvent;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.TransportType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the application with graceful shutdown: the bridge's open event streams and parked polls are answered
 * before the web server waits for its requests, so clients are told at once and the shutdown does not sit out its
 * grace period.
 */
class ServletBridgeShutdownTest {
  private final List<HubTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(HubTestClient::close);
  }

  @Test
  void stoppingTheApplicationEndsStreamsAndPollsWithoutWaitingOutTheGracePeriod() {
    ConfigurableApplicationContext app = new SpringApplicationBuilder(ServletBridgeApp.class).run(
        "--server.port=0", "--spring.main.web-application-type=servlet", "--hubbub.signalr.dev-service.enabled=false",
        "--spring.autoconfigure.exclude=", "--server.shutdown=graceful",
        "--spring.lifecycle.timeout-per-shutdown-phase=30s");
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    for (TransportType transport : TransportType.values()) {
      HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat",
          o -> o.transport(transport).header("Authorization", ServletBridgeTest.basic("alice")));
      assertThat(client.invoke(Integer.class, "add", 1, 1)).isEqualTo(2);
      clients.add(client);
    }
    long start = System.nanoTime();
    app.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    for (HubTestClient client : clients) {
      assertThat(client.awaitEvent(ConnectionEvent.Kind.CLOSED, Duration.ofSeconds(10)).kind())
          .isEqualTo(ConnectionEvent.Kind.CLOSED);
    }
  }
}
