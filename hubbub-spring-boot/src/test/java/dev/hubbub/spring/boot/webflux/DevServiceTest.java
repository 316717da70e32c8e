package dev.hubbub.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import dev.hubbub.test.client.HubTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No connection string, in development (the application's classes come from a directory): the starter starts an
 * embedded Hubbub service, hosts the hubs behind it, and logs its connection string with the key masked.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = WebFluxChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DevServiceTest {

  @LocalServerPort
  int port;

  @Autowired
  HubServer hubServer;

  @Test
  void theDevServiceRunsAndTheHubsAreBehindIt(CapturedOutput output) {
    assertThat(hubServer.isBehindService()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat")) {
      assertThat(client.invoke(Integer.class, "add", 1, 1)).isEqualTo(2);
    }
  }

  @Test
  void theConnectionStringIsLoggedWithTheKeyMasked(CapturedOutput output) {
    // The capture starts before the class's context is made, so it holds the start-up log.
    assertThat(output.getAll()).contains("Hubbub dev service started in DEFAULT mode: ConnectionStrings__signalr="
        + "Endpoint=http://localhost:").contains("AccessKey=***;")
        .doesNotContain("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH");
  }
}
