package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw SignalR JSON client on the JDK's WebSocket: negotiate, WebSocket, handshake, then hub messages as
 * JSON text frames ending in 0x1E. Received messages queue up for the test thread; pings are skipped.
 */
final class WsClient implements AutoCloseable {
  static final char RS = '\u001e';
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String connectionId;
  private final WebSocket socket;
  private final Listener listener;
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<String> closed = new CompletableFuture<>();

  private WsClient(String connectionId, WebSocket socket, Listener listener) {
    this.connectionId = connectionId;
    this.socket = socket;
    this.listener = listener;
    listener.owner = this;
  }

  /** Connects to the hub at {@code path} (with an optional query such as {@code user=alice}) and shakes hands. */
  static WsClient connect(HubServer server, String path, String query) throws Exception {
    return connect(server.port(), path, query, java.util.Map.of());
  }

  /** Connects to a hub on {@code port}, sending {@code headers} with negotiate and the WebSocket request. */
  static WsClient connect(int port, String path, String query, java.util.Map<String, String> headers)
      throws Exception {
    WsClient client = open(port, path, query, headers);
    client.sendRaw("{\"protocol\":\"json\",\"version\":1}" + RS);
    JsonNode handshake = client.next();
    assertThat(handshake.toString()).isEqualTo("{}");
    return client;
  }

  /** Negotiates and opens the WebSocket without a handshake. */
  static WsClient open(HubServer server, String path, String query) throws Exception {
    return open(server.port(), path, query, java.util.Map.of());
  }

  static WsClient open(int port, String path, String query, java.util.Map<String, String> headers)
      throws Exception {
    String base = "127.0.0.1:" + port + path;
    String q = query.isEmpty() ? "" : "&" + query;
    HttpRequest.Builder post = HttpRequest.newBuilder(
            URI.create("http://" + base + "/negotiate?negotiateVersion=1" + q))
        .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(post::header);
    HttpResponse<String> negotiate = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(negotiate.statusCode()).as(negotiate.body()).isEqualTo(200);
    JsonNode n = JSON.readTree(negotiate.body());
    Listener listener = new Listener();
    WebSocket.Builder wsBuilder = HTTP.newWebSocketBuilder();
    headers.forEach(wsBuilder::header);
    WebSocket ws = wsBuilder
        .buildAsync(URI.create("ws://" + base + "?id=" + n.get("connectionToken").asText() + q), listener)
        .get(5, TimeUnit.SECONDS);
    WsClient client = new WsClient(n.get("connectionId").asText(), ws, listener);
    listener.pending.forEach(client::accept);
    return client;
  }

  static WsClient connect(HubServer server, String path) throws Exception {
    return connect(server, path, "");
  }

  void send(String json) {
    sendRaw(json + RS);
  }

  /**
   * Sends a text frame and waits; a send that fails because the server closed the socket (as it does after bad
   * input) is not the test's failure: the test checks how the server reacted. Anything else fails.
   */
  void sendRaw(String text) {
    try {
      socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof java.io.IOException)) {
        throw e;
      }
    }
  }

  /** Invokes {@code target} with id {@code id}; args is the JSON array text. */
  void invoke(String id, String target, String args) {
    send("{\"type\":1,\"invocationId\":\"" + id + "\",\"target\":\"" + target + "\",\"arguments\":" + args + "}");
  }

  /** The next message, pings included, within 5 s. */
  JsonNode nextAny() throws InterruptedException {
    JsonNode m = messages.poll(5, TimeUnit.SECONDS);
    assertThat(m).as("a message within 5 s").isNotNull();
    return m;
  }

  /** The next message other than a ping, within 5 s. */
  JsonNode next() throws InterruptedException {
    while (true) {
      JsonNode m = messages.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a message within 5 s").isNotNull();
      if (m.path("type").asInt() != 6) {
        return m;
      }
    }
  }

  /** The close message's error (or "" when it had none), expecting it to be the next message. */
  JsonNode nextClose() throws InterruptedException {
    JsonNode m = next();
    assertThat(m.path("type").asInt()).as(m.toString()).isEqualTo(7);
    return m;
  }

  /**
   * Stops reading from the socket after the frame in hand (the JDK's WebSocket asks for one frame at a time):
   * the server's writes back up as from a client that does not keep up.
   */
  void pauseReading() {
    listener.paused = true;
  }

  /** Reads again after {@link #pauseReading()}. */
  void resumeReading() {
    listener.paused = false;
    if (listener.owed.compareAndSet(true, false)) {
      socket.request(1);
    }
  }

  /** Waits for the server to close the WebSocket; returns "code reason". */
  String awaitClosed() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  private void accept(String frame) {
    for (String part : frame.split(String.valueOf(RS))) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        messages.add(JSON.readTree(part));
      } catch (Exception e) {
        throw new IllegalStateException("Bad frame from server: " + part, e);
      }
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(1000, "").exceptionally(e -> null);
    }
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    volatile WsClient owner;
    volatile boolean paused;
    /** A frame arrived while paused: the next request is the resume's to make. */
    final java.util.concurrent.atomic.AtomicBoolean owed = new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.List<String> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        WsClient o = owner;
        if (o == null) {
          pending.add(frame);
        } else {
          o.accept(frame);
        }
      }
      if (paused) {
        owed.set(true);
        if (!paused && owed.compareAndSet(true, false)) {
          ws.request(1); // resumed in between: nobody else will ask
        }
      } else {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      WsClient o = owner;
      if (o != null) {
        o.closed.complete(statusCode + " " + reason);
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      WsClient o = owner;
      if (o != null) {
        o.closed.complete("error " + error);
      }
    }
  }
}
