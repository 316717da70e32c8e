package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegotiateTest extends TransportTestBase {

  private static final String TRANSPORTS = "\"availableTransports\":["
      + "{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\",\"Binary\"]},"
      + "{\"transport\":\"ServerSentEvents\",\"transferFormats\":[\"Text\"]},"
      + "{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]";
  private static final String ID = "[A-Za-z0-9_-]{22}";

  @Test
  void versionZeroAnswersAnIdThatIsAlsoTheToken() throws Exception {
    start(FAST);
    HttpResponse<String> r = client.post("/chat/negotiate", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValueAsLong("content-length")).hasValue(r.body().length());
    assertThat(r.body()).matches("\\{\"negotiateVersion\":0,\"connectionId\":\"" + ID + "\","
        + java.util.regex.Pattern.quote(TRANSPORTS) + "}");
  }

  @Test
  void versionOneAnswersADistinctToken() throws Exception {
    start(FAST);
    HttpResponse<String> r = client.post("/chat/negotiate?negotiateVersion=1", "");
    assertThat(r.body()).matches("\\{\"negotiateVersion\":1,\"connectionId\":\"" + ID
        + "\",\"connectionToken\":\"" + ID + "\"," + java.util.regex.Pattern.quote(TRANSPORTS) + "}");
    NegotiateResponse n = NegotiateResponse.parse(r.body().getBytes());
    assertThat(n.connectionToken()).isNotEqualTo(n.connectionId());
    assertThat(server.connectionCount()).isEqualTo(1);
  }

  @Test
  void pathsAndQueryKeysAreCaseInsensitive() throws Exception {
    start(FAST);
    HttpResponse<String> r = client.post("/CHAT/Negotiate/?NegotiateVersion=1", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"negotiateVersion\":1,");
  }

  @Test
  void statefulReconnectOnlyWhenAllowed() throws Exception {
    start(FAST);
    assertThat(client.negotiate("/chat", "negotiateVersion=1&useStatefulReconnect=true")
        .useStatefulReconnect()).isFalse();
    server.close();
    start(FAST.toBuilder().allowStatefulReconnects(true).build());
    HttpResponse<String> r = client.post("/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true", "");
    assertThat(r.body()).startsWith("{\"useStatefulReconnect\":true,\"negotiateVersion\":1,");
  }

  @Test
  void invalidVersionIsAnErrorBody() throws Exception {
    start(FAST);
    HttpResponse<String> r = client.post("/chat/negotiate?negotiateVersion=x", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"error\":\"The client requested an invalid protocol version 'x'\"}");
  }

  @Test
  void onlyEnabledTransportsAreOffered() throws Exception {
    start(FAST.toBuilder().transports(Set.of(TransportType.LONG_POLLING)).build());
    assertThat(client.post("/chat/negotiate", "").body()).endsWith(
        "\"availableTransports\":[{\"transport\":\"LongPolling\",\"transferFormats\":[\"Text\",\"Binary\"]}]}");
  }

  @Test
  void wrongMethodAndUnknownPaths() throws Exception {
    start(FAST);
    assertThat(client.get("/chat/negotiate").statusCode()).isEqualTo(405);
    assertThat(client.post("/other/negotiate", "").statusCode()).isEqualTo(404);
    assertThat(client.get("/").statusCode()).isEqualTo(404);
    assertThat(client.send("PUT", "/chat?id=x", "").statusCode()).isEqualTo(405);
  }

  @Test
  void unauthorizedHasAnEmptyBody() throws Exception {
    Authenticator auth = (request, app) -> "good".equals(request.accessToken())
        ? AuthResult.allow(TransportUser.of("alice")) : AuthResult.unauthorized();
    start(FAST, TransportRoute.of("/chat", new TransportApplication("chat", handler)).withAuthenticator(auth));
    HttpResponse<String> denied = client.post("/chat/negotiate?negotiateVersion=1", "");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.body()).isEmpty();
    assertThat(client.post("/chat/negotiate?negotiateVersion=1&access_token=good", "").statusCode())
        .isEqualTo(200);
    var viaHeader = client.http.send(java.net.http.HttpRequest.newBuilder(client.uri("/chat/negotiate"))
        .header("Authorization", "Bearer good").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(viaHeader.statusCode()).isEqualTo(200);
    // Connection requests are authenticated too.
    assertThat(client.get("/chat?id=whatever").statusCode()).isEqualTo(401);
  }

  @Test
  void resolverPicksTheApplicationByHubAndAnswers404WithoutOne() throws Exception {
    RecordingHandler other = new RecordingHandler();
    Map<String, TransportApplication> hubs = Map.of(
        "chat", new TransportApplication("chat", handler), "news", new TransportApplication("news", other));
    ApplicationResolver byHub = request -> {
      String hub = request.queryParam("hub");
      return hub == null ? null : hubs.get(hub.toLowerCase(Locale.ROOT));
    };
    start(FAST, new TransportRoute("/client", byHub, Authenticator.ANONYMOUS, null));
    assertThat(client.post("/client/negotiate?hub=Chat", "").statusCode()).isEqualTo(200);
    assertThat(client.post("/client/negotiate", "").statusCode()).isEqualTo(404);
    // A token made for one hub is unknown to another.
    NegotiateResponse n = client.negotiate("/client", "hub=chat&negotiateVersion=1");
    HttpResponse<String> r = client.get("/client/?hub=news&id=" + n.connectionToken());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("No Connection with that ID");
  }

  @Test
  void negotiateHookCanRedirectOrRefuse() throws Exception {
    NegotiateHook hook = ctx -> ctx.request().queryParam("refuse") != null
        ? NegotiateResponse.error("No server is connected.")
        : NegotiateResponse.redirect("http://localhost:1/client/?hub=chat", "jwt-for-" + ctx.negotiate().negotiateVersion());
    start(FAST, TransportRoute.of("/chat", new TransportApplication("chat", handler)).withNegotiateHook(hook));
    assertThat(client.post("/chat/negotiate?negotiateVersion=1", "").body())
        .isEqualTo("{\"url\":\"http://localhost:1/client/?hub=chat\",\"accessToken\":\"jwt-for-1\"}");
    assertThat(client.post("/chat/negotiate?refuse=1", "").body())
        .isEqualTo("{\"error\":\"No server is connected.\"}");
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void maxConnectionsAnswers503() throws Exception {
    start(FAST.toBuilder().maxConnections(2).build());
    client.negotiate("/chat", "negotiateVersion=1");
    client.negotiate("/chat", "negotiateVersion=1");
    HttpResponse<String> r = client.post("/chat/negotiate?negotiateVersion=1", "");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("limit of 2 connections");
  }

  @Test
  void unusedNegotiatedConnectionsAreReapedAfterTheDisconnectTimeout() throws Exception {
    start(FAST.toBuilder().disconnectTimeout(java.time.Duration.ofSeconds(2)).build());
    client.negotiate("/chat", "negotiateVersion=1");
    assertThat(server.connectionCount()).isEqualTo(1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> server.connectionCount() == 0);
  }

  @Test
  void corsPreflightAndReflectedOrigin() throws Exception {
    start(FAST.toBuilder().cors(Set.of("http://app.test")).build());
    var preflight = client.http.send(java.net.http.HttpRequest.newBuilder(client.uri("/chat/negotiate"))
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://app.test")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-signalr-user-agent,authorization").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("http://app.test");
    assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
    assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("POST");
    assertThat(preflight.headers().firstValue("access-control-allow-headers"))
        .hasValue("x-signalr-user-agent,authorization");

    var negotiate = client.http.send(java.net.http.HttpRequest.newBuilder(client.uri("/chat/negotiate"))
        .header("Origin", "http://app.test").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(negotiate.headers().firstValue("access-control-allow-origin")).hasValue("http://app.test");

    var stranger = client.http.send(java.net.http.HttpRequest.newBuilder(client.uri("/chat/negotiate"))
        .header("Origin", "http://evil.test").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(stranger.headers().firstValue("access-control-allow-origin")).isEmpty();
  }
}
