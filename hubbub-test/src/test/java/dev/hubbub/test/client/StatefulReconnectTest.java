package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stateful reconnect (WebSockets): a dropped WebSocket is reconnected to the same connection; what either side
 * sent meanwhile, or sent before without an Ack, arrives exactly once.
 */
class StatefulReconnectTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void serviceMessagesSentWhileTheWebSocketIsDownArriveOnceAfterTheResume(Protocol protocol) throws Exception {
    HubbubService service = track(HubbubService.start(ServiceOptions.builder().port(0).build()));
    ServiceManager manager = track(new ServiceManagerBuilder().connectionString(service.connectionString()).build());
    ServiceHubContext chat = track(manager.createHubContext("chat"));
    NegotiationResponse n = chat.negotiate(NegotiationOptions.builder().userId("alice").build());
    HubTestClient client = track(HubTestClient.connect(n.url(), o -> o.transport(TransportType.WEB_SOCKETS)
        .protocol(protocol).accessToken(java.util.Objects.requireNonNull(n.accessToken())).statefulReconnect(true)));
    assertThat(client.isStatefulReconnectActive()).isTrue();
    String connectionId = client.connectionId();

    chat.clients().client(connectionId).send("m", "a");
    assertThat(client.on("m").awaitNext().arguments()).containsExactly("a");
    client.abortTransport();
    chat.clients().client(connectionId).send("m", "b");
    chat.clients().user("alice").send("m", "c");

    assertThat(client.awaitEvent(ConnectionEvent.Kind.RESUMED).connectionId()).isEqualTo(connectionId);
    assertThat(client.on("m").awaitNext(2)).extracting(m -> m.argument(0, String.class)).containsExactly("b", "c");
    chat.clients().all().send("m", "d");
    assertThat(client.on("m").awaitNext().arguments()).containsExactly("d");
    assertThat(client.on("m").recordedArguments()).extracting(a -> a.get(0)).containsExactly("a", "b", "c", "d");
    assertThat(client.connectionId()).isEqualTo(connectionId);
    assertThat(client.events()).extracting(ConnectionEvent::kind)
        .containsExactly(ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.RESUMED);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void invocationsAcrossTheDropCompleteOnTheSameConnection(Protocol protocol) throws Exception {
    Hosting.Running server = track(Hosting.SELF_HOSTED.start());
    HubTestClient client = track(HubTestClient.connect(server.hubUrl(), o -> o.transport(TransportType.WEB_SOCKETS)
        .protocol(protocol).statefulReconnect(true)));
    HubTestClient other = track(HubTestClient.connect(server.hubUrl(), o -> o.protocol(protocol)));
    assertThat(client.isStatefulReconnectActive()).isTrue();
    String connectionId = client.connectionId();
    assertThat(client.invoke(String.class, "echo", "before")).isEqualTo("before");

    client.abortTransport();
    CompletableFuture<String> during = client.invokeAsync(String.class, "echo", "during");
    other.invoke(Void.class, "broadcast", "while down");

    assertThat(during.get()).isEqualTo("during");
    assertThat(client.on("message").awaitNext().arguments()).containsExactly("while down");
    assertThat(client.invoke(Integer.class, "add", 1, 2)).isEqualTo(3);
    assertThat(client.connectionId()).isEqualTo(connectionId);
    assertThat(client.awaitEvent(ConnectionEvent.Kind.RESUMED).error()).isInstanceOf(TransportException.class);
    client.on("message").assertNoMore();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDropThatCannotBeResumedFallsBackToAutomaticReconnect(Protocol protocol) throws Exception {
    // Through the service in Default mode, stateful reconnect is agreed (the hub server allows it) but the service
    // keeps no replay buffer: it ends a routed client whose WebSocket drops, so the resume is refused.
    Hosting.Running server = track(Hosting.BEHIND_SERVICE.start());
    HubTestClient client = track(HubTestClient.connect(server.hubUrl(), o -> o.transport(TransportType.WEB_SOCKETS)
        .protocol(protocol).statefulReconnect(true).automaticReconnect(java.time.Duration.ZERO)));
    assertThat(client.isStatefulReconnectActive()).isTrue();
    String first = client.connectionId();

    client.abortTransport();

    assertThat(client.awaitEvent(ConnectionEvent.Kind.RECONNECTING).error()).isInstanceOf(TransportException.class);
    assertThat(client.awaitEvent(ConnectionEvent.Kind.RECONNECTED).connectionId()).isNotEqualTo(first);
    assertThat(client.invoke(String.class, "echo", "x")).isEqualTo("x");
  }
}
