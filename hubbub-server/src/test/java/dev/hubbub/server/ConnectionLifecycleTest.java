package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handshake, keep-alive, timeouts and parallel invocations, with short intervals so tests stay quick. */
class ConnectionLifecycleTest {
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeEach
  void setUp() {
    TestHub.EVENTS.clear();
    TestHub.gate = new CountDownLatch(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    TestHub.gate.countDown();
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  private HubServer start(Consumer<HubOptions.Builder> options) {
    HubServer s = HubServer.builder().hub("/test", TestHub.class).options(options)
        .transport(t -> t.heartbeatInterval(Duration.ofMillis(50))).start();
    resources.add(s);
    return s;
  }

  private <T extends AutoCloseable> T track(T c) {
    resources.add(0, c);
    return c;
  }

  @Test
  void unsupportedProtocolsAndVersionsFailTheHandshake() throws Exception {
    HubServer server = start(o -> {});
    WsClient xml = track(WsClient.open(server, "/test", ""));
    xml.sendRaw("{\"protocol\":\"xml\",\"version\":1}\u001e");
    assertThat(xml.next().toString()).isEqualTo("{\"error\":\"The protocol 'xml' is not supported.\"}");
    WsClient v3 = track(WsClient.open(server, "/test", ""));
    v3.sendRaw("{\"protocol\":\"json\",\"version\":3}\u001e");
    assertThat(v3.next().toString()).isEqualTo("{\"error\":\"The server does not support version 3 of the 'json' protocol.\"}");
    WsClient split = track(WsClient.open(server, "/test", ""));
    split.sendRaw("{\"protocol\":\"js");
    split.sendRaw("on\",\"version\":1}\u001e{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"x\"]}\u001e");
    assertThat(split.next().toString()).isEqualTo("{}");
    assertThat(split.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":\"x\"}");
  }

  @Test
  void aClientWithoutHandshakeIsDroppedAfterTheHandshakeTimeout() throws Exception {
    HubServer server = start(o -> o.handshakeTimeout(Duration.ofMillis(200)));
    WsClient c = track(WsClient.open(server, "/test", ""));
    assertThat(c.next().toString()).isEqualTo("{\"error\":\"Handshake was canceled.\"}");
    assertThat(c.awaitClosed()).isNotEmpty();
  }

  @Test
  void idleConnectionsGetPingsAndSilentClientsTimeOutAfterTheirFirstPing() throws Exception {
    HubServer server = start(o -> o.keepAliveInterval(Duration.ofMillis(100)).clientTimeout(Duration.ofMillis(400)));
    WsClient c = track(WsClient.connect(server, "/test", ""));
    assertThat(c.nextAny().toString()).isEqualTo("{\"type\":6}");
    c.send("{\"type\":6}");
    JsonNode close = c.nextClose();
    assertThat(close.path("error").asText()).isEqualTo("Connection closed with an error. OperationCanceledException: "
        + "Client hasn't sent a message/ping within the configured ClientTimeoutInterval.");
    assertThat(c.awaitClosed()).isNotEmpty();
  }

  @Test
  void parallelInvocationsOverlapWhenAllowed() throws Exception {
    HubServer server = start(o -> o.maximumParallelInvocationsPerClient(4));
    TestHub.gate = new CountDownLatch(1);
    WsClient c = track(WsClient.connect(server, "/test", ""));
    c.invoke("1", "ordered", "[1]");
    c.invoke("2", "echo", "[\"not blocked\"]");
    // With one at a time, echo would wait behind the blocked 'ordered'.
    assertThat(c.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"2\",\"result\":\"not blocked\"}");
    TestHub.gate.countDown();
    assertThat(c.next().toString()).isEqualTo("{\"type\":3,\"invocationId\":\"1\",\"result\":1}");
  }

  @Test
  void hubContextSendsToGroupsFromOutside() throws Exception {
    HubServer server = start(o -> {});
    WsClient a = track(WsClient.connect(server, "/test", ""));
    WsClient b = track(WsClient.connect(server, "/test", ""));
    HubContext hub = server.hubContext("/TEST/");
    hub.groups().add(a.connectionId, "vip").join();
    hub.clients().group("vip").send("message", "vip only");
    hub.clients().allExcept(List.of(a.connectionId)).send("message", "not a");
    assertThat(a.next().path("arguments").get(0).asText()).isEqualTo("vip only");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("not a");
    hub.groups().remove(a.connectionId, "vip").join();
    hub.clients().group("vip").send("message", "nobody");
    hub.clients().clients(List.of(a.connectionId, b.connectionId)).send("message", "both");
    assertThat(a.next().path("arguments").get(0).asText()).isEqualTo("both");
    assertThat(b.next().path("arguments").get(0).asText()).isEqualTo("both");
    assertThat(server.connectionCount()).isEqualTo(2);
  }

  @Test
  void aRaisedMessageLimitAlsoRaisesTheTransportLimit() throws Exception {
    HubServer server = start(o -> o.maximumReceiveMessageSize(200_000));
    WsClient c = track(WsClient.connect(server, "/test", ""));
    String big = "y".repeat(150_000);
    c.invoke("1", "echo", "[\"" + big + "\"]");
    assertThat(c.next().path("result").asText()).isEqualTo(big);
  }

  @Test
  void hubsMustHaveDistinctMethodNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HubServer.builder().hub("/bad", OverloadedHub.class).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one method named 'go'");
  }

  public static class OverloadedHub extends Hub {
    public void go() {}
    public void go(int x) {}
  }
}
