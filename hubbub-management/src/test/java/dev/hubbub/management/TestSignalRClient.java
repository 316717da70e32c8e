package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw SignalR JSON client on the JDK WebSocket, enough to watch what a serverless app's sends do: follows a
 * {@link NegotiationResponse} (negotiate v1 with the bearer token, WebSocket with {@code id=connectionToken}),
 * completes the handshake, and queues every hub message except pings.
 */
final class TestSignalRClient implements AutoCloseable {
  private static final char RS = '\u001e';
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final String connectionId;
  private final WebSocket socket;

  private TestSignalRClient(HttpClient http, NegotiationResponse redirect) throws Exception {
    URI url = URI.create(redirect.url());
    String query = url.getRawQuery();
    String path = url.getRawPath().endsWith("/") ? url.getRawPath() : url.getRawPath() + "/";
    URI negotiate = url.resolve(path + "negotiate?" + query + "&negotiateVersion=1");
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(negotiate)
        .header("Authorization", "Bearer " + redirect.accessToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("negotiate %s: %s", negotiate, response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    this.connectionId = body.get("connectionId").asText();
    String token = body.get("connectionToken").asText();
    URI ws = URI.create(url.toString().replaceFirst("^http", "ws") + "&id=" + token);
    this.socket = http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + redirect.accessToken())
        .buildAsync(ws, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    socket.sendText("{\"protocol\":\"json\",\"version\":1}" + RS, true);
    handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Connects a client through the hub's negotiate. */
  static TestSignalRClient connect(HttpClient http, NegotiationResponse redirect) throws Exception {
    return new TestSignalRClient(http, redirect);
  }

  String connectionId() {
    return connectionId;
  }

  /** The next hub message other than a ping. */
  JsonNode next() throws InterruptedException {
    JsonNode m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message for connection %s within %s", connectionId, WAIT).isNotNull();
    return m;
  }

  /** The next message, asserted to be an invocation of {@code target}; returns its arguments. */
  JsonNode nextInvocation(String target) throws InterruptedException {
    JsonNode m = next();
    assertThat(m.path("type").asInt()).as("message %s", m).isEqualTo(1);
    assertThat(m.path("target").asText()).as("message %s", m).isEqualTo(target);
    return m.get("arguments");
  }

  /** The next message, asserted to be a close message; returns its error (the reason). */
  String nextClose() throws InterruptedException {
    JsonNode m = next();
    assertThat(m.path("type").asInt()).as("message %s", m).isEqualTo(7);
    return m.path("error").asText(null);
  }

  /** Whether the WebSocket was closed by the service. */
  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      int end;
      while ((end = buffer.indexOf(String.valueOf(RS))) >= 0) {
        String record = buffer.substring(0, end);
        buffer.delete(0, end + 1);
        try {
          JsonNode node = JSON.readTree(record);
          if (!handshake.isDone()) {
            if (node.has("error")) {
              handshake.completeExceptionally(new IllegalStateException("handshake: " + record));
            } else {
              handshake.complete(null);
            }
          } else if (node.path("type").asInt() != 6) {
            messages.add(node);
          }
        } catch (Exception e) {
          handshake.completeExceptionally(e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      handshake.completeExceptionally(error);
      closed.complete(-1);
    }
  }
}
