package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** JDK HttpClient helpers bound to one server. */
final class TestClient {
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final int port;

  TestClient(int port) {
    this.port = port;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery, "");
  }

  HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
    return send("POST", pathAndQuery, body);
  }

  NegotiateResponse negotiate(String base, String query) throws Exception {
    HttpResponse<String> r = post(base + "/negotiate?" + query, "");
    if (r.statusCode() != 200) {
      throw new AssertionError("negotiate answered " + r.statusCode() + ": " + r.body());
    }
    return NegotiateResponse.parse(r.body().getBytes(UTF_8));
  }

  WsClient webSocket(String pathAndQuery) throws Exception {
    WsClient client = new WsClient();
    client.socket = http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), client)
        .get(5, TimeUnit.SECONDS);
    return client;
  }

  /** A WebSocket client that records messages ({@code text:..}, {@code binary:..}, {@code close:code:reason}). */
  static final class WsClient implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocket socket;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add("text:" + text);
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        messages.add("binary:" + binary.toString(UTF_8));
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      messages.add("close:" + statusCode + ":" + reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      messages.add("error:" + error);
    }

    String take() throws InterruptedException {
      String m = messages.poll(10, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no WebSocket message within 10 s");
      }
      return m;
    }

    void sendText(String s) {
      socket.sendText(s, true).join();
    }

    void sendBinary(byte[] b) {
      socket.sendBinary(ByteBuffer.wrap(b), true).join();
    }
  }

  static String readAll(java.io.InputStream in) throws IOException {
    return new String(in.readAllBytes(), UTF_8);
  }
}
