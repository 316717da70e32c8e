package dev.hubbub.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.test.HubbubServiceTest;
import dev.hubbub.test.ServiceConnectionString;
import dev.hubbub.test.TestClients;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The Default-mode example of docs/testing.md: a Java hub server behind the embedded service, clients that
 * negotiate with the hub server and follow its redirect to the service. Repeated, to show that clearing the hubs
 * after each test leaves the hub server connected.
 */
@HubbubServiceTest(mode = ServiceMode.DEFAULT)
class HubServerBehindServiceTest {
  static HubServer server;

  @BeforeAll
  static void startHubServer(@ServiceConnectionString String connectionString) {
    server = HubServer.builder()
        .port(0)
        .hub("/chat", ChatHub.class)
        .useAzureSignalR(AzureSignalROptions.builder().connectionString(connectionString).connectionCount(1).build())
        .start();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(server::isHealthy);
  }

  @AfterAll
  static void stopHubServer() {
    server.close();
  }

  @RepeatedTest(2)
  void chat(TestClients clients) {
    String url = "http://localhost:" + server.port() + "/chat";
    HubTestClient alice = clients.connectTo(url, o -> o.transport(TransportType.LONG_POLLING));
    HubTestClient bob = clients.connectTo(url, o -> { });

    alice.invoke(Void.class, "SendMessage", "alice", "hi bob");

    ReceivedMessage message = bob.on("ReceiveMessage").awaitNext();
    assertThat(message.arguments()).containsExactly("alice", "hi bob");
    assertThat(server.isHealthy()).isTrue();
  }
}
