package dev.hubbub.samples.springchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.HubServer;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample as it runs: the hub behind the dev service, clients from hubbub-test on the application's URL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringChatApplicationTest {

  @LocalServerPort
  int port;

  @Autowired
  HubServer hubServer;

  @Autowired
  ChatHistory history;

  @Test
  void aMessageSentByOneClientReachesTheOther() {
    assertThat(hubServer.isBehindService()).as("the dev service hosts the hub").isTrue();
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    try (HubTestClient alice = HubTestClient.connect("http://localhost:" + port + "/chat");
        HubTestClient bob = HubTestClient.connect("http://localhost:" + port + "/chat")) {
      alice.invoke(Object.class, "send", "alice", "hello bob");
      ReceivedMessage seen = bob.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(seen.arguments()).containsExactly("alice", "hello bob");
      assertThat(history.messages()).contains(new ChatHistory.Message("alice", "hello bob"));
    }
  }

  @Test
  void theRestEndpointSendsThroughTheHubContextBean() throws Exception {
    await().atMost(Duration.ofSeconds(15)).until(hubServer::isHealthy);
    try (HubTestClient carol = HubTestClient.connect("http://localhost:" + port + "/chat")) {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/send")).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ops\",\"text\":\"maintenance at noon\"}")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(carol.on("newMessage").awaitNext(Duration.ofSeconds(10)).arguments())
          .containsExactly("ops", "maintenance at noon");
    }
  }

  @Test
  void thePageIsServedOnTheSamePort() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"status\"", "id=\"user\"", "id=\"text\"", "id=\"send\"",
        "id=\"messages\"", "signalr.min.js");
  }
}
