package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every limit of {@link ServiceOptions} enforced end to end, at the limit and one past it. */
class LimitsTest extends ServiceTestSupport {

  /** A JSON invocation whose payload (without the 0x1E) is exactly {@code size} bytes. */
  private static String invocationOfSize(int size) {
    String head = "{\"type\":1,\"target\":\"m\",\"arguments\":[\"";
    String tail = "\"]}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail + RS;
  }

  @Test
  void messageAtTheLimitIsAcceptedAndOnePastItClosesOnlyThatClient() throws Exception {
    start(ServiceOptions.builder().maxClientMessageSize(1024));
    RawSignalRClient big = json("chat");
    RawSignalRClient other = json("chat");

    big.sendText(invocationOfSize(1024));
    assertStillReceives(big);

    big.sendText(invocationOfSize(1025));
    assertThat(big.nextText()).isEqualTo("{\"type\":7,\"error\":\"Connection closed with an error. "
        + "InvalidDataException: The maximum message size of 1024B was exceeded"
        + " (message of at least 1025B). Raise the limit on the receiving side or send smaller messages.\"}" + RS);
    assertThat(big.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(other);
  }

  @Test
  void theBacklogMarkIs64KiBByDefaultZeroOrPositiveAndShownInTheOptions() {
    assertThat(ServiceOptions.DEFAULTS.backlogBytes()).isEqualTo(64 * 1024);
    assertThat(ServiceOptions.builder().backlogBytes(0).build().backlogBytes()).isZero();
    assertThat(ServiceOptions.builder().backlogBytes(4096).build().toString()).contains("backlogBytes=4096");
    assertThatThrownBy(() -> ServiceOptions.builder().backlogBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlogBytes must be 0 (anything queued) or positive, was -1");
  }

  @Test
  void defaultMessageLimitIs32KB() throws Exception {
    assertThat(ServiceOptions.DEFAULTS.maxClientMessageSize()).isEqualTo(32 * 1024);
    start();
    RawSignalRClient client = json("chat");
    client.sendText(invocationOfSize(32 * 1024));
    assertStillReceives(client);
    client.sendText(invocationOfSize(32 * 1024 + 1));
    assertThat(client.nextText()).startsWith("{\"type\":7,\"error\":\"Connection closed with an error. "
        + "InvalidDataException: The maximum message size of 32768B was exceeded");
    client.awaitClosed();
  }

  @Test
  void clientThatStopsReadingIsClosedWhileOthersReceiveEverything() throws Exception {
    // Room for several broadcasts: a broadcast's bytes count as queued until the service's loop has seen the
    // socket take them, which on a busy machine can be a moment after the fast client has read them and the test
    // has sent the next one. With room for one broadcast only, that moment closed the fast client too.
    start(ServiceOptions.builder().maxOutboundQueueBytes(1024 * 1024));
    RawSignalRClient slow = json("chat");
    RawSignalRClient fast = json("chat");
    slow.stopReading();

    String big = "y".repeat(200 * 1024);
    int sent = 0;
    // Kernel socket buffers absorb a few MB before the service's queue grows; keep sending until it gives up.
    while (service.connectionCount() == 2 && sent < 400) {
      broadcast("chat", "big", "[\"" + big + "\"," + sent + "]");
      assertThat(fast.nextText()).endsWith("\"," + sent + "]}" + RS);
      sent++;
    }
    assertThat(sent).as("broadcasts before the slow client was closed").isLessThan(400);
    await().atMost(Duration.ofSeconds(10)).until(() -> service.connectionCount() == 1);
    assertThat(rest.call("HEAD", "/api/hubs/chat/connections/" + slow.connectionId).statusCode()).isEqualTo(404);
    assertStillReceives(fast);
  }

  @Test
  void negotiatePastMaxConnectionsAnswers503WithAReason() throws Exception {
    start(ServiceOptions.builder().maxConnections(2));
    json("chat");
    json("chat");
    HttpResponse<String> third = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            java.net.URI.create(service.endpoint() + "/client/negotiate?hub=chat&negotiateVersion=1"))
        .header("Authorization", "Bearer " + RawSignalRClient.clientToken(service, "chat", null))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.body()).isEqualTo("The server has reached its limit of 2 connections.");
  }

  @Test
  void invocationsPastThePerConnectionRateCloseOnlyThatClientWithTheLimitNamed() throws Exception {
    start(ServiceOptions.builder().maxInvocationsPerSecond(5));
    RawSignalRClient flood = json("chat");
    RawSignalRClient other = json("chat");
    String invocation = "{\"type\":1,\"target\":\"m\",\"arguments\":[]}" + RS;
    // Twelve in one write: all within one second of each other, however busy the machine.
    flood.sendText(invocation.repeat(12));
    String close;
    do {
      close = flood.nextText();
    } while (!close.startsWith("{\"type\":7"));
    assertThat(close).isEqualTo("{\"type\":7,\"error\":\"Connection closed with an error. Too many invocations: "
        + "more than 5 per second from this connection (maxInvocationsPerSecond). Slow down and reconnect.\"}" + RS);
    flood.awaitClosed();
    assertStillReceives(other);
  }

  @Test
  void invocationsPastThePerAddressRateCloseTheClientThatCrossedIt() throws Exception {
    start(ServiceOptions.builder().maxInvocationsPerSecondPerIp(6));
    RawSignalRClient first = json("chat");
    RawSignalRClient second = json("chat");
    String invocation = "{\"type\":1,\"target\":\"m\",\"arguments\":[]}" + RS;
    first.sendText(invocation.repeat(4));
    second.sendText(invocation.repeat(8));
    String close;
    do {
      close = second.nextText();
    } while (!close.startsWith("{\"type\":7"));
    assertThat(close).contains("more than 6 per second from address 127.0.0.1 (maxInvocationsPerSecondPerIp)");
  }

  @Test
  void negotiationsPastThePerAddressRateAre429WithRetryAfter() throws Exception {
    start(ServiceOptions.builder().maxNegotiationsPerSecondPerIp(3));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    HttpRequest negotiate = HttpRequest.newBuilder(
            java.net.URI.create(service.endpoint() + "/client/negotiate?hub=chat&negotiateVersion=1"))
        .header("Authorization", "Bearer " + RawSignalRClient.clientToken(service, "chat", null))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      HttpResponse<String> r = http.send(negotiate, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        refused = r;
      }
    }
    assertThat(refused).as("a negotiation past 3 in one second").isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(refused.body()).isEqualTo("Too many connections started from 127.0.0.1: more than 3 per second "
        + "(maxNegotiationsPerSecondPerIp). Retry after a second.");
    // The next window admits again.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> http.send(negotiate, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }

  @Test
  void clientWithoutHandshakeIsCanceledAfterTheHandshakeTimeout() throws Exception {
    start(ServiceOptions.builder().handshakeTimeout(Duration.ofMillis(300)));
    RawSignalRClient other = json("chat");
    RawSignalRClient silent = opened("chat", false);
    assertThat(silent.next().string()).isEqualTo("{\"error\":\"Handshake was canceled.\"}" + RS);
    assertThat(silent.awaitClosed().status()).isEqualTo(1000);
    assertStillReceives(other);
  }

  @Test
  void silenceAfterTheFirstPingBeyondTheClientTimeoutClosesTheClient() throws Exception {
    start(ServiceOptions.builder().clientTimeout(Duration.ofMillis(400)));
    RawSignalRClient pinged = json("chat");
    RawSignalRClient neverPinged = json("chat");
    pinged.sendText("{\"type\":6}" + RS);

    assertThat(pinged.nextText()).isEqualTo("{\"type\":7,\"error\":\"Connection closed with an error. "
        + "OperationCanceledException: Client hasn't sent a message/ping within the"
        + " configured ClientTimeoutInterval.\"}" + RS);
    assertThat(pinged.awaitClosed().status()).isEqualTo(1000);
    // The timeout starts with the first Ping, as in ASP.NET Core: the other client is still there.
    assertThat(neverPinged.isClosed()).isFalse();
    assertStillReceives(neverPinged);
  }

  @Test
  void restBodyOfOneMegabyteIsAcceptedAndOneByteMoreIs413() throws Exception {
    assertThat(ServiceOptions.DEFAULTS.maxRestBodySize()).isEqualTo(1024 * 1024);
    start();
    String head = "{\"target\":\"m\",\"arguments\":[\"";
    String tail = "\"]}";
    String atLimit = head + "z".repeat(1024 * 1024 - head.length() - tail.length()) + tail;
    assertThat(atLimit.length()).isEqualTo(1024 * 1024);

    HttpResponse<String> ok = rest.post("/api/hubs/chat/:send", atLimit);
    assertThat(ok.statusCode()).isEqualTo(202);

    HttpResponse<String> tooLarge = rest.post("/api/hubs/chat/:send", atLimit + " ");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("x-ms-error-code")).hasValue("Error.Request.TooLarge");
    assertThat(tooLarge.body()).contains("The request body is 1048577 bytes; the limit is 1048576 bytes");
  }
}
