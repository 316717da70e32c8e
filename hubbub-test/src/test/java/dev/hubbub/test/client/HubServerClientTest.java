package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test client against the Java hub server, self-hosted and behind the Hubbub service in Default mode (the
 * client negotiates with the hub server and follows its redirect to the service), on every transport and
 * protocol.
 */
class HubServerClientTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  static Stream<Arguments> cases() {
    return Stream.of(Hosting.values()).flatMap(h -> Combinations.ALL.stream()
        .map(c -> Arguments.of(h, c[0], c[1])));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Hosting.Running start(Hosting hosting) throws Exception {
    Hosting.Running running = hosting.start();
    open.add(running);
    return running;
  }

  private HubTestClient client(String url, TransportType transport, Protocol protocol) {
    HubTestClient client = HubTestClient.create(url, o -> o.transport(transport).protocol(protocol));
    open.add(client);
    return client;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void invocationsReturnTypedResultsAndServerErrors(Hosting hosting, TransportType transport, Protocol protocol)
      throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient client = client(server.hubUrl() + "?user=alice", transport, protocol).start();

    assertThat(client.invoke(String.class, "echo", "hi")).isEqualTo("hi");
    assertThat(client.invoke(Integer.class, "Add", 2, 3)).isEqualTo(5);
    assertThat(client.invoke(ChatTestHub.Point.class, "mirror", new ChatTestHub.Point(1, 2, "p")))
        .isEqualTo(new ChatTestHub.Point(-1, -2, "p!"));
    assertThat(client.invoke(new TypeReference<Map<String, Object>>() {}, "mirror", Map.of("x", 3, "y", 4,
        "label", "q"))).containsEntry("label", "q!");
    assertThat(client.invoke(String.class, "nothing")).isNull();
    assertThat(client.invoke(String.class, "whoAmI")).isEqualTo("alice");
    assertThat(client.invokeAsync(Integer.class, "add", 20, 22).get()).isEqualTo(42);

    assertThatThrownBy(() -> client.invoke(Void.class, "fail", "boom"))
        .isInstanceOfSatisfying(HubInvocationException.class, e -> {
          assertThat(e.serverError()).isEqualTo("An unexpected error occurred invoking 'fail' on the server. "
              + "HubException: boom");
          assertThat(e.target()).isEqualTo("fail");
        });
    assertThatThrownBy(() -> client.invoke(Void.class, "failHidden"))
        .isInstanceOfSatisfying(HubInvocationException.class, e -> assertThat(e.serverError())
            .isEqualTo("An unexpected error occurred invoking 'failHidden' on the server."));
    assertThatThrownBy(() -> client.invoke(Void.class, "noSuchMethod"))
        .isInstanceOfSatisfying(HubInvocationException.class, e -> assertThat(e.serverError())
            .isEqualTo("Failed to invoke 'noSuchMethod' due to an error on the server. HubException: Method does "
                + "not exist."));
    assertThatThrownBy(() -> client.invoke(Integer.class, "echo", "a", "b"))
        .isInstanceOf(HubInvocationException.class);
    assertThatThrownBy(() -> client.invoke(Integer.class, "echo", "not a number"))
        .isInstanceOf(HubClientException.class).hasMessageContaining("cannot be bound to java.lang.Integer");
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void messagesFromHubMethodsAreRecordedInOrder(Hosting hosting, TransportType transport, Protocol protocol)
      throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient alice = client(server.hubUrl(), transport, protocol).start();
    HubTestClient bob = client(server.hubUrl(), transport, protocol).start();

    alice.send("tell", "one");
    alice.invoke(Void.class, "tell", "two");
    assertThat(alice.on("TOLD").awaitNext(2)).extracting(ReceivedMessage::arguments)
        .containsExactly(Arrays.asList("one", 7, true, null), Arrays.asList("two", 7, true, null));

    bob.invoke(Void.class, "join", "room");
    alice.invoke(Void.class, "sendToGroup", "room", "hello room");
    alice.invoke(Void.class, "broadcast", "to all");
    assertThat(bob.on("groupMessage").awaitNext().arguments()).containsExactly("room", "hello room");
    assertThat(bob.on("message").awaitNext().argument(0, String.class)).isEqualTo("to all");
    assertThat(alice.on("message").awaitNext().argument(0, String.class)).isEqualTo("to all");
    alice.on("groupMessage").assertNoMore();
    assertThat(alice.on("told").recordedArguments()).hasSize(2);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void streamsBothWays(Hosting hosting, TransportType transport, Protocol protocol) throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient client = client(server.hubUrl(), transport, protocol).start();

    ServerStream<Integer> counter = client.stream(Integer.class, "counter", 5);
    assertThat(counter.awaitNext()).isZero();
    assertThat(counter.awaitCompletion()).containsExactly(0, 1, 2, 3, 4);

    ServerStream<Integer> failing = client.stream(Integer.class, "failingCounter", 2);
    assertThatThrownBy(failing::awaitCompletion).isInstanceOfSatisfying(HubInvocationException.class,
        e -> assertThat(e.serverError()).isEqualTo("An error occurred on the server while streaming results. "
            + "HubException: stream broke"));
    assertThat(failing.items()).containsExactly(0, 1);

    UploadStream<Integer> numbers = UploadStream.create();
    numbers.send(1);
    CompletableFuture<Integer> sum = client.invokeAsync(Integer.class, "sum", numbers);
    numbers.send(2);
    numbers.send(39);
    numbers.complete();
    assertThat(sum.get()).isEqualTo(42);

    UploadStream<Integer> broken = UploadStream.create();
    CompletableFuture<Integer> failedSum = client.invokeAsync(Integer.class, "sum", broken);
    broken.send(1);
    broken.error("upload broke");
    assertThatThrownBy(failedSum::get).hasCauseInstanceOf(HubInvocationException.class)
        .hasMessageContaining("upload broke");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void answersClientResults(Hosting hosting, TransportType transport, Protocol protocol) throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient client = client(server.hubUrl(), transport, protocol)
        .onInvocation("GetName", m -> "java")
        .onInvocation("later", m -> CompletableFuture.supplyAsync(() -> "async"))
        .onInvocation("broken", m -> {
          throw new IllegalStateException("no name here");
        })
        .start();

    assertThat(client.invoke(String.class, "askName")).isEqualTo("Hello, java");
    assertThat(client.invoke(String.class, "ask", "later")).isEqualTo("result: async");
    assertThat(client.invoke(String.class, "ask", "broken")).isEqualTo("error: no name here");
    assertThat(client.invoke(String.class, "ask", "unhandled")).isEqualTo("error: Client didn't provide a result.");
    assertThat(client.on("getName").awaitNext().invocationId()).isNotNull();
    assertThat(client.on("unhandled").count()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void reconnectsAutomaticallyWithANewConnection(Hosting hosting, TransportType transport, Protocol protocol)
      throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient reconnecting = HubTestClient.create(server.hubUrl(), o -> o.transport(transport)
        .protocol(protocol).automaticReconnect(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(500)));
    open.add(reconnecting);
    reconnecting.start();
    String first = reconnecting.connectionId();

    reconnecting.abortTransport();

    ConnectionEvent lost = reconnecting.awaitEvent(ConnectionEvent.Kind.RECONNECTING);
    assertThat(lost.error()).isInstanceOf(TransportException.class);
    ConnectionEvent back = reconnecting.awaitEvent(ConnectionEvent.Kind.RECONNECTED);
    assertThat(back.connectionId()).isNotEqualTo(first).isEqualTo(reconnecting.connectionId());
    assertThat(reconnecting.invoke(String.class, "echo", "again")).isEqualTo("again");
    assertThat(reconnecting.events()).extracting(ConnectionEvent::kind).containsExactly(
        ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.RECONNECTING, ConnectionEvent.Kind.RECONNECTED);
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void closedByTheServerWithoutReconnect(Hosting hosting, TransportType transport, Protocol protocol)
      throws Exception {
    Hosting.Running server = start(hosting);
    HubTestClient client = client(server.hubUrl(), transport, protocol).start();
    CompletableFuture<Void> sent = client.send("closeMe");

    sent.get();
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isNull();
    assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThatThrownBy(() -> client.on("never").awaitNext()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("client closed");
  }
}
