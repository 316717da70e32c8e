package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test client against the embedded Hubbub service in serverless mode, on every transport and protocol: sends
 * come from the management SDK (no upstream).
 */
class ServerlessClientTest {
  private HubbubService service;
  private ServiceManager manager;
  private ServiceHubContext chat;
  private final List<HubTestClient> clients = new ArrayList<>();

  static List<Object[]> combinations() {
    return Combinations.ALL;
  }

  @BeforeEach
  void startService() throws Exception {
    service = HubbubService.start(ServiceOptions.builder().port(0).build());
    manager = new ServiceManagerBuilder().connectionString(service.connectionString()).build();
    chat = manager.createHubContext("chat");
  }

  @AfterEach
  void stopAll() {
    clients.forEach(HubTestClient::close);
    chat.close();
    manager.close();
    service.close();
  }

  private HubTestClient connect(TransportType transport, Protocol protocol, String user) {
    NegotiationResponse n = chat.negotiate(NegotiationOptions.builder().userId(user).build());
    HubTestClient client = HubTestClient.connect(n.url(), o -> o.transport(transport).protocol(protocol)
        .accessToken(Objects.requireNonNull(n.accessToken())));
    clients.add(client);
    return client;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("combinations")
  void receivesBroadcastsUserAndGroupSendsInOrder(TransportType transport, Protocol protocol) {
    HubTestClient alice = connect(transport, protocol, "alice");
    HubTestClient bob = connect(transport, protocol, "bob");
    assertThat(alice.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(alice.transport()).isEqualTo(transport);
    assertThat(alice.connectionId()).isNotBlank();

    chat.clients().all().send("newMessage", "server", "hello", 42, Map.of("k", List.of(1, 2)));
    chat.clients().user("alice").send("private", "for alice");
    chat.groups().addToGroup(bob.connectionId(), "room");
    chat.clients().group("room").send("roomMessage", "room", "hi room");
    chat.clients().all().send("newMessage", java.util.Arrays.asList("server", "bye", 43, null).toArray());

    assertThat(alice.on("newMessage").awaitNext(2)).extracting(ReceivedMessage::arguments)
        .containsExactly(List.of("server", "hello", 42, Map.of("k", List.of(1, 2))),
            java.util.Arrays.asList("server", "bye", 43, null));
    assertThat(alice.on("private").awaitNext().argument(0, String.class)).isEqualTo("for alice");
    assertThat(bob.on("roomMessage").awaitNext().arguments()).containsExactly("room", "hi room");
    assertThat(bob.on("newMessage").awaitNext(2)).hasSize(2);
    bob.on("private").assertNoMore();
    alice.on("roomMessage").assertNoMore();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("combinations")
  void closedByTheServerEndsTheClientWithTheReason(TransportType transport, Protocol protocol) {
    HubTestClient alice = connect(transport, protocol, "alice");
    chat.clientManager().closeConnection(alice.connectionId(), "go away");

    ConnectionEvent closed = alice.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ConnectionClosedException.class);
    assertThat(closed.error()).isInstanceOfSatisfying(ConnectionClosedException.class,
        e -> assertThat(e.serverError()).isEqualTo("go away"));
    assertThat(alice.state()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThatThrownBy(() -> alice.send("x")).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("not in the 'Connected' State");
  }
}
