package dev.hubbub.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.test.HubbubServiceTest;
import dev.hubbub.test.TestClients;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serverless example of docs/testing.md: sends from the management SDK, clients of the embedded service. */
@HubbubServiceTest(hub = "chat")
class ServerlessChatTest {

  @Test
  void everyClientGetsTheBroadcast(ServiceHubContext chat, TestClients clients) {
    HubTestClient alice = clients.connect("chat", "alice");
    HubTestClient bob = clients.connect("chat", "bob");

    chat.clients().all().send("newMessage", "server", "hello");

    ReceivedMessage message = alice.on("newMessage").awaitNext();
    assertThat(message.arguments()).containsExactly("server", "hello");
    assertThat(bob.on("newMessage").awaitNext().argument(1, String.class)).isEqualTo("hello");
  }

  @Test
  void groupsAndUsers(ServiceHubContext chat, TestClients clients) {
    HubTestClient alice = clients.connect("chat", "alice");
    HubTestClient bob = clients.connect("chat", "bob");

    chat.groups().addToGroup(alice.connectionId(), "room");
    chat.clients().group("room").send("roomMessage", "for the room");
    chat.clients().user("bob").send("direct", "for bob", 1);
    chat.clients().user("bob").send("direct", "for bob", 2);

    assertThat(alice.on("roomMessage").awaitNext().arguments()).containsExactly("for the room");
    bob.on("direct").awaitNext(2);
    assertThat(bob.on("direct").recordedArguments())
        .containsExactly(List.of("for bob", 1), List.of("for bob", 2));
    bob.on("roomMessage").assertNoMore();
  }
}
