package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that breaks the protocol gives the test author an exception that names what happened. */
class BadServerInputTest {
  private static final char RS = '\u001e';
  private FakeHttpSignalRServer fake;
  private final List<HubTestClient> clients = new ArrayList<>();

  @BeforeEach
  void startFake() throws Exception {
    fake = new FakeHttpSignalRServer();
  }

  @AfterEach
  void stopAll() {
    clients.forEach(HubTestClient::close);
    fake.close();
  }

  private HubTestClient client(java.util.function.Consumer<HubTestClientOptions.Builder> options) {
    HubTestClient client = HubTestClient.create(fake.url(), o -> {
      o.transport(TransportType.LONG_POLLING).handshakeTimeout(Duration.ofSeconds(5));
      options.accept(o);
    });
    clients.add(client);
    return client;
  }

  private HubTestClient client() {
    return client(o -> { });
  }

  @Test
  void negotiateAnsweredWithAnHttpError() {
    fake.negotiate = ex -> new FakeHttpSignalRServer.Answer(401, "text/plain", new byte[0]);
    assertThatThrownBy(() -> client().start()).isInstanceOfSatisfying(NegotiateException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(401);
      assertThat(e).hasMessage("Negotiate at " + fake.url() + "/negotiate?negotiateVersion=1 was answered with "
          + "HTTP 401.");
    });
  }

  @Test
  void negotiateRefusedWithAnError() {
    fake.negotiate = ex -> FakeHttpSignalRServer.Answer.json(200, "{\"error\":\"Hub 'hub' is full.\"}");
    assertThatThrownBy(() -> client().start()).isInstanceOfSatisfying(NegotiateException.class, e -> {
      assertThat(e.serverError()).isEqualTo("Hub 'hub' is full.");
      assertThat(e).hasMessageEndingWith("was refused: Hub 'hub' is full.");
    });
  }

  @Test
  void negotiateAnsweredWithSomethingElse() {
    fake.negotiate = ex -> new FakeHttpSignalRServer.Answer(200, "text/html", "<html>hi</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(() -> client().start()).isInstanceOf(NegotiateException.class)
        .hasMessageContaining("answered something that is not a negotiate response")
        .hasMessageContaining("<html>hi</html>");
  }

  @Test
  void endlessRedirectsStopAfterAHundred() {
    fake.negotiate = ex -> FakeHttpSignalRServer.Answer.json(200, "{\"url\":\"" + fake.url() + "\"}");
    assertThatThrownBy(() -> client().start()).isInstanceOf(NegotiateException.class)
        .hasMessageStartingWith("Negotiate redirection limit exceeded: 100 redirects");
    assertThat(fake.negotiateRequests()).hasSize(100);
  }

  @Test
  void statefulReconnectTheClientDidNotAskFor() {
    fake.negotiate = ex -> FakeHttpSignalRServer.Answer.json(200, FakeHttpSignalRServer.connection("LongPolling")
        .replace("{\"negotiateVersion\"", "{\"useStatefulReconnect\":true,\"negotiateVersion\""));
    assertThatThrownBy(() -> client().start()).isInstanceOf(NegotiateException.class)
        .hasMessageStartingWith("Client didn't negotiate Stateful Reconnect but the server did");
  }

  @Test
  void noTransportInCommon() {
    fake.negotiate = ex -> FakeHttpSignalRServer.Answer.json(200, FakeHttpSignalRServer.connection("ServerSentEvents"));
    assertThatThrownBy(() -> client().start()).isInstanceOf(TransportException.class)
        .hasMessageContaining("None of the transports the server offers")
        .hasMessageContaining("ServerSentEvents");
  }

  @Test
  void handshakeRefused() throws InterruptedException {
    fake.send("{\"error\":\"The protocol 'json' is not supported.\"}" + RS);
    assertThatThrownBy(() -> client().start()).isInstanceOfSatisfying(HandshakeException.class, e -> {
      assertThat(e.serverError()).isEqualTo("The protocol 'json' is not supported.");
      assertThat(e).hasMessage("The server refused the handshake: The protocol 'json' is not supported.");
    });
    // The refusal can reach the client before the fake has taken the client's handshake POST: wait for it.
    assertThat(fake.received.poll(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("{\"protocol\":\"json\",\"version\":1}" + RS);
  }

  @Test
  void handshakeAnsweredWithAHubMessage() {
    fake.send("{\"type\":1,\"target\":\"x\",\"arguments\":[]}" + RS);
    assertThatThrownBy(() -> client().start()).isInstanceOf(HandshakeException.class)
        .hasMessageContaining("is not a handshake response: Expected a handshake response from the server.");
  }

  @Test
  void handshakeAnsweredWithGarbage() {
    fake.send("hello" + RS);
    assertThatThrownBy(() -> client().start()).isInstanceOf(HandshakeException.class)
        .hasMessageContaining("is not a handshake response").hasMessageContaining("Received: 'hello\\u001e'");
  }

  @Test
  void handshakeNotAnswered() {
    HubTestClient client = client(o -> o.handshakeTimeout(Duration.ofMillis(300)));
    assertThatThrownBy(client::start).isInstanceOf(HandshakeException.class)
        .hasMessage("The server did not answer the handshake within 300 ms (LongPolling, json).");
    assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
  }

  @Test
  void malformedMessageAfterTheHandshakeClosesTheClientWithTheParserError() {
    fake.send("{}" + RS);
    HubTestClient client = client().start();
    fake.send("{\"type\":1,\"target\":\"m\",\"arguments\":[1,]}" + RS);

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ServerProtocolException.class)
        .hasMessageStartingWith("The server sent bad json hub protocol data over LongPolling: ");
    assertThatThrownBy(() -> client.on("m").awaitNext()).isInstanceOf(AssertionError.class)
        .hasMessageContaining("client closed (The server sent bad json");
  }

  @Test
  void aFrameThatEndsInsideAMessage() {
    fake.send("{}" + RS);
    HubTestClient client = client().start();
    fake.send("{\"type\":1,\"target\":\"m\",\"arguments\":[]}" + RS + "{\"type\":1,\"tar");

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ServerProtocolException.class)
        .hasMessageContaining("The long-poll response ends inside a json hub message");
    assertThat(client.on("m").count()).isEqualTo(1);
  }

  @Test
  void aMessageOverTheLimit() {
    fake.send("{}" + RS);
    HubTestClient client = client(o -> o.maxMessageSize(100)).start();
    fake.send("{\"type\":1,\"target\":\"m\",\"arguments\":[\"" + "x".repeat(200) + "\"]}" + RS);

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ServerProtocolException.class)
        .hasMessageContaining("The maximum message size of 100B was exceeded");
  }

  @Test
  void aPollAnsweredWithAnError() {
    fake.send("{}" + RS);
    HubTestClient client = client().start();
    fake.pollStatus = 500;
    fake.send("whatever");

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(TransportException.class)
        .hasMessage("A long poll to " + fake.url() + "?id=t1 was answered with HTTP 500: whatever.");
  }

  @Test
  void anEventOverTheFrameLimit() {
    fake.negotiate = ex -> FakeHttpSignalRServer.Answer.json(200, FakeHttpSignalRServer.connection("ServerSentEvents"));
    fake.send("{}" + RS);
    HubTestClient client = client(o -> o.transport(TransportType.SERVER_SENT_EVENTS).maxFrameSize(1000)).start();
    fake.send("x".repeat(2000));

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(TransportException.class)
        .hasMessage("The server sent a Server-Sent Event of more than 1000 bytes (maxFrameSize).");
  }

  @Test
  void aSequenceTheClientCannotHaveReceived() {
    fake.send("{}" + RS);
    HubTestClient client = client().start();
    fake.send("{\"type\":9,\"sequenceId\":5}" + RS); // ignored: stateful reconnect is off
    fake.send("{\"type\":1,\"target\":\"m\",\"arguments\":[]}" + RS);
    assertThat(client.on("m").awaitNext().target()).isEqualTo("m");
  }
}
