package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.transport.TransportType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transports per hub, as ASP.NET Core's per-endpoint HttpConnectionDispatcherOptions.Transports. */
class HubTransportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private HubServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode negotiate(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path
        + "/negotiate?negotiateVersion=1")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> transports(JsonNode negotiate) {
    List<String> names = new ArrayList<>();
    negotiate.path("availableTransports").forEach(t -> names.add(t.path("transport").asText()));
    return names;
  }

  @Test
  void negotiateOffersOnlyTheHubsTransportsAndOthersAreRefusedAsAspNetDoes() throws Exception {
    server = HubServer.builder().hub("/chat", TestHub.class).hub("/polling", TestHub.class)
        .hubTransports("/polling", Set.of(TransportType.LONG_POLLING)).start();
    assertThat(transports(negotiate("/chat"))).containsExactly("WebSockets", "ServerSentEvents", "LongPolling");
    JsonNode polling = negotiate("/polling");
    assertThat(transports(polling)).containsExactly("LongPolling");

    String token = polling.path("connectionToken").asText();
    HttpResponse<String> sse = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/polling?id=" + token)).header("Accept", "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sse.statusCode()).isEqualTo(404);
    assertThat(sse.body()).isEqualTo("ServerSentEvents transport not supported by this end point type");
    assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
        + "/polling?id=" + token), new WebSocket.Listener() { }).join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);

    assertThatThrownBy(() -> HubServer.builder().hub("/chat", TestHub.class).hubTransports("/chat", Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Hub /chat needs at least one transport");
  }
}
