package dev.hubbub.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BadInputTest}'s cases over long polling and Server-Sent Events: bad hub messages in POST bodies,
 * oversized and truncated bodies, bad ids and wrong methods are answered for the client or request that sent
 * them, and a WebSocket bystander still receives a broadcast after each.
 */
class HttpTransportsBadInputTest extends ServiceTestSupport {
  /** ASP.NET Core's text (detailed errors on) for a client whose message cannot be read. */
  private static final String INVALID_DATA = "Connection closed with an error. InvalidDataException: ";

  private static final String HANDSHAKE_JSON = "{\"protocol\":\"json\",\"version\":1}" + RS;
  private static final String HANDSHAKE_MSGPACK = "{\"protocol\":\"messagepack\",\"version\":1}" + RS;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private RawSignalRClient bystander;
  private String token;
  private Socket sse;
  private final StringBuilder streamed = new StringBuilder(); // read from the SSE stream and not yet awaited

  @BeforeEach
  void startService() throws Exception {
    start(ServiceOptions.builder().maxClientMessageSize(1024));
    bystander = json("chat");
    token = RawSignalRClient.clientToken(service, "chat", null);
  }

  @AfterEach
  void closeStream() throws Exception {
    if (sse != null) {
      sse.close();
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token);
  }

  private String negotiate() throws Exception {
    HttpResponse<String> r = http.send(request("/client/negotiate?hub=chat&negotiateVersion=1")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("negotiate: %s", r.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("connectionToken").asText();
  }

  private HttpResponse<String> send(String method, String id, byte[] body) throws Exception {
    return http.send(request("/client/?hub=chat" + (id == null ? "" : "&id=" + id))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String id, String body) throws Exception {
    return send("POST", id, body.getBytes(UTF_8));
  }

  private HttpResponse<byte[]> poll(String id) throws Exception {
    return http.send(request("/client/?hub=chat&id=" + id).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A long-polling client that has done its handshake; returns its token. */
  private String longPolling(String handshake) throws Exception {
    String id = negotiate();
    assertThat(poll(id).statusCode()).isEqualTo(200); // the first poll starts the transport
    assertThat(post(id, handshake).statusCode()).isEqualTo(200);
    assertThat(new String(poll(id).body(), UTF_8)).isEqualTo("{}" + RS);
    return id;
  }

  /** Polls until the connection ends (204); returns everything the polls carried. */
  private String pollToEnd(String id) throws Exception {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      HttpResponse<byte[]> r = poll(id);
      if (r.statusCode() == 204) {
        return all.toString();
      }
      assertThat(r.statusCode()).isEqualTo(200);
      all.append(new String(r.body(), UTF_8));
    }
    throw new AssertionError("the connection did not end; polls carried: " + all);
  }

  /** An SSE client that has done its handshake; returns its token. */
  private String serverSentEvents() throws Exception {
    String id = negotiate();
    sse = new Socket("127.0.0.1", service.port());
    sse.setSoTimeout(10_000);
    sse.getOutputStream().write(("GET /client/?hub=chat&id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(UTF_8));
    awaitOnStream(":\r\n");
    assertThat(post(id, HANDSHAKE_JSON).statusCode()).isEqualTo(200);
    awaitOnStream("data: {}" + RS + "\r\n\r\n");
    return id;
  }

  /** Reads the SSE stream until {@code text} has come (and what follows it in the same read). */
  private void awaitOnStream(String text) throws Exception {
    InputStream in = sse.getInputStream();
    byte[] buffer = new byte[4096];
    while (streamed.indexOf(text) < 0) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new AssertionError("the stream ended without '" + text + "': " + streamed);
      }
      streamed.append(new String(buffer, 0, n, UTF_8));
    }
    streamed.delete(0, streamed.indexOf(text) + text.length());
  }

  /** Everything left on the SSE stream until the service ends it. */
  private String sseToEnd() throws Exception {
    return streamed + new String(sse.getInputStream().readAllBytes(), UTF_8);
  }

  // ---- bad hub messages in POST bodies

  @Test
  void malformedJsonOverLongPollingClosesThatClientWithAnError() throws Exception {
    String id = longPolling(HANDSHAKE_JSON);
    assertThat(post(id, "{\"type\":1," + RS).statusCode()).isEqualTo(200); // the transport took the bytes
    assertThat(pollToEnd(id)).startsWith("{\"type\":7,\"error\":\"" + INVALID_DATA)
        .endsWith("\"}" + RS);
    assertThat(post(id, "{\"type\":6}" + RS).statusCode()).isEqualTo(404); // gone
    assertStillReceives(bystander);
  }

  @Test
  void malformedJsonOverServerSentEventsClosesThatClientWithAnError() throws Exception {
    String id = serverSentEvents();
    assertThat(post(id, "{\"type\":1," + RS).statusCode()).isEqualTo(200);
    assertThat(sseToEnd()).contains("data: {\"type\":7,\"error\":\"" + INVALID_DATA)
        .endsWith("0\r\n\r\n"); // the close message as an event, then the end of the chunked stream
    assertStillReceives(bystander);
  }

  @Test
  void truncatedMessagePackOverLongPollingClosesThatClient() throws Exception {
    String id = longPolling(HANDSHAKE_MSGPACK);
    // length 3: an array of 5 elements that ends after 2
    assertThat(send("POST", id, HexFormat.of().parseHex("03950180")).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> closing = poll(id);
    assertThat(closing.statusCode()).isEqualTo(200);
    List<HubMessage> messages = HubProtocols.byName("messagepack", HubProtocolOptions.DEFAULTS).orElseThrow()
        .parseMessages(ByteBuffer.wrap(closing.body()));
    assertThat(messages).hasSize(1).first().isInstanceOf(CloseMessage.class);
    assertThat(((CloseMessage) messages.get(0)).error()).startsWith(INVALID_DATA);
    assertThat(poll(id).statusCode()).isEqualTo(204);
    assertStillReceives(bystander);
  }

  @Test
  void aMessageOverMaxClientMessageSizeClosesThatClientNamingTheLimit() throws Exception {
    String id = serverSentEvents();
    String big = "{\"type\":1,\"target\":\"send\",\"arguments\":[\"" + "x".repeat(2000) + "\"]}" + RS;
    assertThat(post(id, big).statusCode()).isEqualTo(200);
    assertThat(sseToEnd()).contains("data: {\"type\":7,\"error\":\"").contains("1024");
    assertStillReceives(bystander);
  }

  // ---- bodies the transport refuses

  @Test
  void aBodyOverTheTransportLimitIs413AndTheConnectionCarriesOn() throws Exception {
    String id = longPolling(HANDSHAKE_JSON);
    HttpResponse<String> tooBig = send("POST", id, new byte[70_000]);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).isEqualTo("The request body of 70000 bytes is larger than the limit of 65536 bytes.");
    assertThat(post(id, "{\"type\":6}" + RS).statusCode()).isEqualTo(200); // a ping: still connected
    broadcast("chat", "alive", "[1]");
    assertThat(new String(poll(id).body(), UTF_8)).isEqualTo("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS);
    assertThat(bystander.nextText()).isEqualTo("{\"type\":1,\"target\":\"alive\",\"arguments\":[1]}" + RS);
  }

  @Test
  void aBodyThatEndsEarlyIsDroppedWithItsSocketAndTheConnectionCarriesOn() throws Exception {
    String id = longPolling(HANDSHAKE_JSON);
    try (Socket s = new Socket("127.0.0.1", service.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("POST /client/?hub=chat&id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + token + "\r\nContent-Length: 100\r\n\r\n{\"type\":6}").getBytes(UTF_8));
      s.shutdownOutput(); // 90 bytes short
      assertThat(s.getInputStream().readAllBytes()).isEmpty(); // nothing was dispatched
    }
    assertThat(post(id, "{\"type\":6}" + RS).statusCode()).isEqualTo(200);
    assertStillReceives(bystander);
  }

  // ---- ids and methods, with ASP.NET Core's statuses and texts

  @Test
  void badIdsAnswer404Or400() throws Exception {
    HttpResponse<String> unknown = post("nope", "{\"type\":6}" + RS);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("No Connection with that ID");
    HttpResponse<String> none = post(null, "{\"type\":6}" + RS);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).isEqualTo("Connection ID required");
    assertThat(poll("nope").statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "nope", new byte[0]).statusCode()).isEqualTo(404);
    assertThat(send("GET", null, new byte[0]).statusCode()).isEqualTo(400);
    assertStillReceives(bystander);
  }

  @Test
  void wrongMethodsAnswer405Or400() throws Exception {
    String id = serverSentEvents();
    assertThat(send("PUT", id, "x".getBytes(UTF_8)).statusCode()).isEqualTo(405);
    HttpResponse<String> delete = send("DELETE", id, new byte[0]);
    assertThat(delete.statusCode()).isEqualTo(400);
    assertThat(delete.body()).isEqualTo("Cannot terminate this connection using the DELETE endpoint.");
    HttpResponse<String> negotiateGet = http.send(request("/client/negotiate?hub=chat").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(negotiateGet.statusCode()).isEqualTo(405);
    assertThat(poll(id).statusCode()).isEqualTo(400); // a poll on an SSE connection: cannot change transports
    assertThat(post(id, "{\"type\":6}" + RS).statusCode()).isEqualTo(200); // the stream is still fine
    assertStillReceives(bystander);
  }
}
