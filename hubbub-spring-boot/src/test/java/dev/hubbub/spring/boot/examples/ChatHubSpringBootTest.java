package dev.hubbub.spring.boot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.spring.boot.HubContextOf;
import dev.hubbub.spring.boot.servlet.ServletChatApp;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.TransportType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** docs/testing.md's example: a Spring Boot application's hub driven by {@code hubbub-test}'s client. */
// Both web stacks are on this module's test classpath: the property picks Spring MVC (an application has one).
@SpringBootTest(classes = ServletChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false"})
class ChatHubSpringBootTest {

  @LocalServerPort
  int port;

  @Autowired
  HubContextOf<ServletChatApp.ChatHub> chat;

  @Test
  void clientsInvokeAndReceive() {
    try (HubTestClient alice = HubTestClient.connect("http://localhost:" + port + "/chat",
        o -> o.transport(TransportType.LONG_POLLING).protocol(Protocol.MESSAGEPACK))) {
      assertThat(alice.invoke(Integer.class, "add", 2, 3)).isEqualTo(5);

      chat.clients().all().send("newMessage", "server", "hello");

      assertThat(alice.on("newMessage").awaitNext().arguments()).containsExactly("server", "hello");
    }
  }
}
