package dev.hubbub.spring.boot.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.HubServer;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tomcat and Spring MVC: clients use the application's URL; its negotiate redirects them to the hub server's own
 * port, where the three transports run.
 */
@SpringBootTest(classes = ServletChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "hubbub.signalr.servlet.mode=redirect"})
class ServletFallbackTest {

  @LocalServerPort
  int port;

  @Autowired
  HubServer hubServer;

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void clientsNegotiateOnTheApplicationsPortAndRunOnTheHubServersPort(TransportType transport) throws Exception {
    assertThat(hubServer.port()).isNotEqualTo(port);
    try (HubTestClient client = HubTestClient.connect("http://127.0.0.1:" + port + "/chat",
        o -> o.transport(transport))) {
      assertThat(client.invoke(Integer.class, "add", 3, 4)).isEqualTo(7);
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/announce?text=" + transport)).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("sent");
      ReceivedMessage message = client.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(message.arguments()).containsExactly("system", transport.name());
    }
  }

  @Test
  void springMvcServesItsOwnRoutes() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("hello from Spring MVC");
  }
}
