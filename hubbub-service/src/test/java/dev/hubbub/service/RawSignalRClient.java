package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A raw SignalR client for tests, on the JDK {@link HttpClient} and {@link WebSocket}: negotiates with a
 * token from {@link AccessTokenIssuer}, opens the WebSocket, sends the handshake and raw frames, and splits
 * what arrives into hub messages (JSON by {@code 0x1E} in text frames, MessagePack by VarInt length in
 * binary frames) so that tests can compare them byte by byte.
 *
 * <p>Reading is explicit: the listener requests the next frame only while {@link #reading} is on, so a test
 * can make a client that stops reading (a slow consumer) with {@link #stopReading()}.
 */
final class RawSignalRClient implements AutoCloseable {
  static final char RS = '\u001e';
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message as it arrived: from a text or a binary frame, with its framing (0x1E or VarInt prefix). */
  record Message(boolean text, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    String hex() {
      return HexFormat.of().formatHex(bytes);
    }

    boolean isPing() {
      return text ? string().equals("{\"type\":6}" + RS) : hex().equals("029106");
    }

    @Override
    public String toString() {
      return text ? string().replace(RS, '␞') : hex();
    }
  }

  /** How the WebSocket ended. */
  record Closed(int status, String reason) {}

  final HubbubService service;
  final String hub;
  final String connectionId;
  final String connectionToken;
  final boolean statefulReconnect;
  private final String accessToken;
  private final HttpClient http;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private volatile CompletableFuture<Closed> closed = new CompletableFuture<>();
  private volatile @Nullable WebSocket socket;
  private volatile boolean reading = true;

  private RawSignalRClient(HubbubService service, String hub, String accessToken, JsonNode negotiate,
      HttpClient http) {
    this.service = service;
    this.hub = hub;
    this.accessToken = accessToken;
    this.connectionId = negotiate.get("connectionId").asText();
    this.connectionToken = negotiate.get("connectionToken").asText();
    this.statefulReconnect = negotiate.path("useStatefulReconnect").asBoolean(false);
    this.http = http;
  }

  /** A client token for {@code hub}, as an app server's negotiate would issue it. */
  static String clientToken(HubbubService service, String hub, @Nullable String userId) {
    TokenClaims.Builder claims = TokenClaims.builder();
    if (userId != null) {
      claims.nameId(userId);
    }
    return AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost/client/?hub=" + hub, claims.build());
  }

  /** Negotiates and opens the WebSocket; no handshake yet. */
  static RawSignalRClient open(HubbubService service, String hub, @Nullable String userId, boolean stateful)
      throws Exception {
    return openWithToken(service, hub, clientToken(service, hub, userId), stateful);
  }

  /** Negotiates with {@code token} and opens the WebSocket; no handshake yet. */
  static RawSignalRClient openWithToken(HubbubService service, String hub, String token, boolean stateful)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create(service.endpoint() + "/client/negotiate?hub=" + enc(hub) + "&negotiateVersion=1"
                + (stateful ? "&useStatefulReconnect=true" : "")))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("negotiate: %s", response.body()).isEqualTo(200);
    RawSignalRClient client = new RawSignalRClient(service, hub, token, JSON.readTree(response.body()), http);
    client.connectSocket();
    return client;
  }

  /** Negotiates, connects and completes the handshake in {@code protocol} ({@code json}/{@code messagepack}). */
  static RawSignalRClient connect(HubbubService service, String hub, @Nullable String userId, String protocol)
      throws Exception {
    RawSignalRClient client = open(service, hub, userId, false);
    client.handshake(protocol, 1);
    return client;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Opens (or, for stateful reconnect, reopens) the WebSocket to {@code /client/?hub=H&id=TOKEN}. */
  void connectSocket() {
    closed = new CompletableFuture<>();
    URI uri = URI.create(service.endpoint().toString().replace("http://", "ws://") + "/client/?hub=" + enc(hub)
        + "&id=" + enc(connectionToken));
    socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + accessToken)
        .connectTimeout(TIMEOUT).buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Sends the handshake and expects exactly {@code {}\u001e} back. */
  void handshake(String protocol, int version) throws InterruptedException {
    sendText("{\"protocol\":\"" + protocol + "\",\"version\":" + version + "}" + RS);
    assertThat(next().string()).isEqualTo("{}" + RS);
  }

  void sendText(String text) {
    sent(socket.sendText(text, true));
  }

  void sendBinary(byte[] bytes) {
    sent(socket.sendBinary(ByteBuffer.wrap(bytes), true));
  }

  /**
   * Waits for a send; a send that fails because the peer closed the socket (as it does after bad input) is not
   * the test's failure: the test checks how the peer reacted. Anything else fails.
   */
  static void sent(java.util.concurrent.CompletableFuture<?> send) {
    try {
      send.orTimeout(10, TimeUnit.SECONDS).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (!(e.getCause() instanceof java.io.IOException)) {
        throw e;
      }
    }
  }


  void sendHex(String hex) {
    sendBinary(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  /** Drops the socket without a close handshake (the network went away). */
  void dropSocket() {
    socket.abort();
  }

  /** Stops requesting frames: the server's writes pile up in the socket buffers, then in its queue. */
  void stopReading() {
    reading = false;
  }

  /** The next message, pings included. */
  Message next() throws InterruptedException {
    Message m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message within %s on %s", TIMEOUT, connectionId).isNotNull();
    return m;
  }

  /** The next message that is not a Ping. */
  Message nextNonPing() throws InterruptedException {
    Message m;
    do {
      m = next();
    } while (m.isPing());
    return m;
  }

  /** The next non-Ping message as text (JSON protocol). */
  String nextText() throws InterruptedException {
    return nextNonPing().string();
  }

  /** The next non-Ping message as hex (MessagePack). */
  String nextHex() throws InterruptedException {
    return nextNonPing().hex();
  }

  /** Non-Ping messages that arrived and were not taken yet. */
  List<Message> pending() {
    List<Message> out = new ArrayList<>();
    messages.drainTo(out);
    out.removeIf(Message::isPing);
    return out;
  }

  /** Waits for the WebSocket to close and returns its status and reason. */
  Closed awaitClosed() {
    return closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !closed.isDone()) {
      ws.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream textPart = new ByteArrayOutputStream();
    private final ByteArrayOutputStream binaryPart = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    private void more(WebSocket webSocket) {
      if (reading) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      textPart.writeBytes(data.toString().getBytes(StandardCharsets.UTF_8));
      if (last) {
        byte[] frame = textPart.toByteArray();
        textPart.reset();
        int start = 0;
        for (int i = 0; i < frame.length; i++) {
          if (frame[i] == RS) {
            messages.add(new Message(true, java.util.Arrays.copyOfRange(frame, start, i + 1)));
            start = i + 1;
          }
        }
        if (start < frame.length) {
          messages.add(new Message(true, java.util.Arrays.copyOfRange(frame, start, frame.length)));
        }
      }
      more(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binaryPart.writeBytes(chunk);
      if (last) {
        byte[] frame = binaryPart.toByteArray();
        binaryPart.reset();
        int pos = 0;
        while (pos < frame.length) {
          int length = 0;
          int shift = 0;
          int start = pos;
          byte b;
          do {
            b = frame[pos++];
            length |= (b & 0x7f) << shift;
            shift += 7;
          } while ((b & 0x80) != 0 && pos < frame.length);
          int end = Math.min(frame.length, pos + length);
          messages.add(new Message(false, java.util.Arrays.copyOfRange(frame, start, end)));
          pos = end;
        }
      }
      more(webSocket);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
