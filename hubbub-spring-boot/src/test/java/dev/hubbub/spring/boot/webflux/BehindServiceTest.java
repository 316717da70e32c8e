package dev.hubbub.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.test.HubbubServiceTest;
import dev.hubbub.test.ServiceConnectionString;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application behind a SignalR service (a Default-mode Hubbub service from hubbub-test), configured the
 * Aspire way: the connection string as {@code connectionstrings.signalr} (what {@code ConnectionStrings__signalr}
 * binds to), options as {@code hubbub.signalr.*}.
 */
@HubbubServiceTest(mode = ServiceMode.DEFAULT)
@SpringBootTest(classes = WebFluxChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hubbub.signalr.connection-count=2", "hubbub.signalr.server-sticky-mode=PREFERRED",
        "management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always"})
class BehindServiceTest {

  @ServiceConnectionString
  static String connectionString;

  @DynamicPropertySource
  static void signalR(DynamicPropertyRegistry registry) {
    registry.add("connectionstrings.signalr", () -> connectionString);
  }

  @LocalServerPort
  int port;

  @Autowired
  HubServer hubServer;

  @Autowired
  ServiceManager serviceManager;

  @Autowired
  MeterRegistry meters;

  @Test
  void clientsNegotiateOnTheApplicationsPortAndAreRedirectedToTheService() {
    assertThat(hubServer.isBehindService()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    assertThat(hubServer.serviceConnectionStates().get("/chat")).hasSize(2);
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat")) {
      assertThat(client.invoke(Integer.class, "add", 20, 22)).isEqualTo(42);
      client.send("send", "bob", "through the service").join();
      ReceivedMessage message = client.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(message.argument(1, String.class)).isEqualTo("through the service");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(meters.get("hubbub.signalr.connections").gauge().value()).isEqualTo(1.0));
      assertThat(meters.get("hubbub.signalr.messages.sent").tag("hub", "/chat").counter().count())
          .isGreaterThanOrEqualTo(1.0);
    }
  }

  @Test
  void theServiceManagerBeanSendsThroughTheServiceRestApi() {
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat");
        ServiceHubContext chat = serviceManager.createHubContext("ChatHub")) {
      chat.clients().all().send("newMessage", "rest", "from the management SDK");
      ReceivedMessage message = client.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(message.argument(0, String.class)).isEqualTo("rest");
    }
  }

  @Test
  void actuatorHealthShowsTheServiceConnections() throws Exception {
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/actuator/health/hubbub")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"behindService\":true")
        .contains("CONNECTED");
  }
}
