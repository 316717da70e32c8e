package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's limits at and past their value, and its keep-alive and server timeout. */
class LimitsTest {
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

  @Test
  void aRecorderKeepsMaxRecordedMessagesThenReportsTheOverflow() throws Exception {
    HubbubService service = track(HubbubService.start(ServiceOptions.builder().port(0).build()));
    ServiceManager manager = track(new ServiceManagerBuilder().connectionString(service.connectionString()).build());
    ServiceHubContext chat = track(manager.createHubContext("chat"));
    NegotiationResponse n = chat.negotiate();
    HubTestClient client = track(HubTestClient.connect(n.url(), o -> o.accessToken(Objects.requireNonNull(
        n.accessToken())).maxRecordedMessages(3)));

    for (int i = 1; i <= 3; i++) {
      chat.clients().all().send("m", i);
    }
    assertThat(client.on("m").awaitNext(3)).hasSize(3);  // at the limit: kept
    chat.clients().all().send("m", 4);
    chat.clients().all().send("last", 5);
    client.on("last").awaitNext();                     // sent after the 4th, so the 4th has arrived

    assertThatThrownBy(() -> client.on("m").recorded()).isInstanceOf(IllegalStateException.class)
        .hasMessage("More than 3 'm' messages arrived; the recorder keeps 3 (maxRecordedMessages) and dropped the "
            + "rest. Consume or clear() them, or raise HubTestClientOptions.maxRecordedMessages.");
    client.on("m").clear();
    chat.clients().all().send("m", 6);
    assertThat(client.on("m").awaitNext().arguments()).containsExactly(6);
  }

  @Test
  void pingsWhenIdleAndGivesUpOnASilentServer() throws Exception {
    FakeWebSocketSignalRServer fake = track(new FakeWebSocketSignalRServer());
    fake.script = (ctx, handshake) -> ctx.writeAndFlush(new TextWebSocketFrame("{}\u001e")); // then silence
    HubTestClient client = track(HubTestClient.connect(fake.url("/ws"), o -> o.transport(TransportType.WEB_SOCKETS)
        .keepAliveInterval(Duration.ofMillis(100)).serverTimeout(Duration.ofMillis(600))));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fake.received.contains("{\"type\":6}\u001e"));
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(HubTimeoutException.class)
        .hasMessage("Server timeout elapsed without receiving a message from the server (600 ms, serverTimeout).");
  }

  @Test
  void anInvocationWithoutACompletionTimesOut() throws Exception {
    FakeWebSocketSignalRServer fake = track(new FakeWebSocketSignalRServer());
    HubTestClient client = track(HubTestClient.connect(fake.url("/ws"), o -> o.transport(TransportType.WEB_SOCKETS)
        .timeout(Duration.ofMillis(300))));

    assertThatThrownBy(() -> client.invoke(String.class, "echo", "x")).isInstanceOf(HubTimeoutException.class)
        .hasMessage("No completion of 'echo' within 300 ms (timeout).");
    assertThatThrownBy(() -> client.on("never").awaitNext()).isInstanceOf(AssertionError.class)
        .hasMessage("Expected 1 more 'never' message(s) within 300 ms but 0 arrived; received so far: []");
  }

  @Test
  void optionsAreValidatedAndShowNoSecrets() {
    assertThatThrownBy(() -> HubTestClientOptions.builder().maxMessageSize(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxMessageSize must be positive: 0");
    assertThatThrownBy(() -> HubTestClientOptions.builder().protocol(Protocol.MESSAGEPACK)
        .transport(TransportType.SERVER_SENT_EVENTS).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The MessagePack protocol needs binary");
    assertThatThrownBy(() -> HubTestClientOptions.builder().skipNegotiation(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("skipNegotiation works with WebSockets");
    String text = HubTestClientOptions.builder().accessToken("tok-123").header("X-Api-Key", "key-456").build()
        .toString();
    assertThat(text).contains("accessToken=****", "headers=[X-Api-Key]", "maxMessageSize=1048576",
        "closeTimeout=PT5S").doesNotContain("tok-123", "key-456");
  }
}
