package dev.hubbub.spring.boot.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.spring.boot.RawHttpResponse;
import dev.hubbub.spring.boot.webflux.WebFluxChatApp.ChatHistory;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.Protocol;
import dev.hubbub.test.client.ReceivedMessage;
import dev.hubbub.test.client.TransportType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Hubs on the WebFlux application's own port, self-hosted: negotiate, each transport, both protocols. */
@SpringBootTest(classes = WebFluxChatApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", "hubbub.signalr.dev-service.enabled=false"})
class WebFluxSelfHostedTest {

  @LocalServerPort
  int port;

  @Autowired
  ChatHistory history;

  private String hubUrl() {
    return "http://127.0.0.1:" + port + "/chat";
  }

  @ParameterizedTest
  @EnumSource(TransportType.class)
  void jsonOverEachTransportOnTheApplicationsPort(TransportType transport) {
    exchange(transport, Protocol.JSON);
  }

  /** Server-Sent Events carry text only, so MessagePack goes over the other two (as in the official clients). */
  @ParameterizedTest
  @EnumSource(value = TransportType.class, names = {"WEB_SOCKETS", "LONG_POLLING"})
  void messagePackOverBinaryTransportsOnTheApplicationsPort(TransportType transport) {
    exchange(transport, Protocol.MESSAGEPACK);
  }

  private void exchange(TransportType transport, Protocol protocol) {
    try (HubTestClient client = HubTestClient.connect(hubUrl(), o -> o.transport(transport).protocol(protocol))) {
      assertThat(client.transport()).isEqualTo(transport);
      assertThat(client.invoke(Integer.class, "add", 2, 3)).isEqualTo(5);
      client.send("send", "ann", "hello over " + transport).join();
      ReceivedMessage message = client.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(message.argument(0, String.class)).isEqualTo("ann");
      assertThat(message.argument(1, String.class)).isEqualTo("hello over " + transport);
      assertThat(history.lines()).contains("ann: hello over " + transport);
    }
  }

  @Test
  void webFluxStillServesItsOwnRoutesOnTheSamePort() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/history")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
        .contains("json"));
  }

  @Test
  void theHubContextBeanSendsFromAController() throws Exception {
    try (HubTestClient client = HubTestClient.connect(hubUrl())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/announce?text=hi")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("sent");
      ReceivedMessage message = client.on("newMessage").awaitNext(Duration.ofSeconds(10));
      assertThat(message.argument(0, String.class)).isEqualTo("system");
      assertThat(message.argument(1, String.class)).isEqualTo("hi");
    }
  }

  @Test
  void oneKeepAliveConnectionCarriesPageRequestsAndHubRequestsInTurn() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/history")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      HttpResponse<String> negotiate = http.send(HttpRequest.newBuilder(URI.create(hubUrl()
          + "/negotiate?negotiateVersion=1")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(negotiate.statusCode()).isEqualTo(200);
      // With Spring Security on the classpath (it is, for SecurityPrincipalTest), WebFlux answers the first negotiate
      // with a redirect to the hub transport's, on the same port.
      assertThat(negotiate.body()).contains("\"url\"", "hubbub-principal=", "accessToken");
    }
  }

  /**
   * Reactor Netty 1.2 buffers a request that arrives before the previous response has ended, and once it has
   * answered it from that buffer it forgets to ask the socket for more (reactor/reactor-netty#4361): the next
   * request on the keep-alive socket was never read. A browser does this all the time (it sends its next request as
   * soon as it has a response's whole body), and the sample's second tab hung on such a socket. The mount asks
   * for the read Reactor Netty forgot; here the requests are pipelined to make it happen every time.
   */
  @Test
  void aKeepAliveSocketReadsOnAfterAnsweringABufferedRequest() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      String host = "Host: 127.0.0.1:" + port + "\r\n";
      java.io.OutputStream out = socket.getOutputStream();
      java.io.DataInputStream in = new java.io.DataInputStream(
          new java.io.BufferedInputStream(socket.getInputStream()));
      for (int round = 0; round < 3; round++) {
        out.write(("GET /later HTTP/1.1\r\n" + host + "\r\n" + "GET /history HTTP/1.1\r\n" + host + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        RawHttpResponse later = RawHttpResponse.read(in);
        assertThat(later.status()).as(later.body()).startsWith("HTTP/1.1 200");
        assertThat(later.body()).isEqualTo("later");
        RawHttpResponse buffered = RawHttpResponse.read(in);
        assertThat(buffered.status()).as(buffered.body()).startsWith("HTTP/1.1 200");
        // Then one more on its own: without the read asked for, it waits until the socket's timeout.
        out.write(("GET /history HTTP/1.1\r\n" + host + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        RawHttpResponse next = RawHttpResponse.read(in);
        assertThat(next.status()).as(next.body()).startsWith("HTTP/1.1 200");
        assertThat(next.body()).startsWith("[");
      }
    }
  }

  /**
   * A hub request that arrives before the application has ended its response waits for that response: the
   * answers come back whole and in order. Here it is pipelined behind a slow one; a browser's next request can
   * likewise arrive before the application writes the empty end of a response whose body it already sent.
   */
  @Test
  void aHubRequestBehindAnUnfinishedApplicationResponseIsAnsweredAfterIt() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      String host = "Host: 127.0.0.1:" + port + "\r\n";
      socket.getOutputStream().write(("GET /later HTTP/1.1\r\n" + host + "\r\n"
          + "GET /chat?id=no-such-connection HTTP/1.1\r\n" + host + "\r\n"
          + "GET /history HTTP/1.1\r\n" + host + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.DataInputStream in = new java.io.DataInputStream(
          new java.io.BufferedInputStream(socket.getInputStream()));
      RawHttpResponse first = RawHttpResponse.read(in);
      assertThat(first.status()).as(first.body()).startsWith("HTTP/1.1 200");
      assertThat(first.body()).isEqualTo("later");
      RawHttpResponse second = RawHttpResponse.read(in);
      assertThat(second.status()).as(second.body()).startsWith("HTTP/1.1 401");
      RawHttpResponse third = RawHttpResponse.read(in);
      assertThat(third.status()).startsWith("HTTP/1.1 200");
      assertThat(third.body()).startsWith("[");
    }
  }
}
