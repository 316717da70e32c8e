package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted app server for tests: the JDK WebSocket client on {@code /server/?hub=H&cid=...} with a server
 * token and {@code X-ASRS-Server-Id}, binary frames encoded and decoded with {@link ServiceProtocol}. Keep-alive
 * pings from the service are recorded apart, so {@link #take} sees only the messages a test is about.
 */
final class FakeAppServer implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final String serverId;
  private final BlockingQueue<ServiceMessage> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<RawSignalRClient.Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;
  private volatile boolean reading = true;

  private FakeAppServer(HubbubService service, String hub, String serverId, String token) {
    this.serverId = serverId;
    URI uri = URI.create(service.endpoint().toString().replace("http://", "ws://") + "/server/?hub=" + hub
        + "&cid=" + UUID.randomUUID());
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .header("X-ASRS-Server-Id", serverId)
        .connectTimeout(TIMEOUT)
        .buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** A server token as the server SDK issues it: audience {@code /server/?hub=H}, {@code nameid} = server id. */
  static String token(HubbubService service, String hub, String serverId) {
    return AccessTokenIssuer.builder(service.options().accessKey()).build()
        .issue("http://localhost/server/?hub=" + hub, TokenClaims.builder().nameId(serverId).build());
  }

  /** Opens the WebSocket; no handshake yet. */
  static FakeAppServer open(HubbubService service, String hub, String serverId) {
    return new FakeAppServer(service, hub, serverId, token(service, hub, serverId));
  }

  static FakeAppServer open(HubbubService service, String hub, String serverId, String token) {
    return new FakeAppServer(service, hub, serverId, token);
  }

  /** Opens and completes a version 1 Default handshake. */
  static FakeAppServer connect(HubbubService service, String hub, String serverId) throws InterruptedException {
    FakeAppServer server = open(service, hub, serverId);
    server.send(new HandshakeRequestMessage(1));
    HandshakeResponseMessage response = server.take(HandshakeResponseMessage.class);
    assertThat(response.isSuccess()).as("handshake: %s", response.errorMessage()).isTrue();
    return server;
  }

  void send(ServiceMessage message) {
    sendRaw(ServiceProtocol.write(message));
  }

  void sendRaw(byte[] bytes) {
    RawSignalRClient.sent(socket.sendBinary(ByteBuffer.wrap(bytes), true));
  }

  /** The next message that is not a keep-alive, which must be a {@code type}. */
  <T extends ServiceMessage> T take(Class<T> type) throws InterruptedException {
    ServiceMessage m;
    do {
      m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(m).as("a %s within %s on server %s", type.getSimpleName(), TIMEOUT, serverId).isNotNull();
    } while (m instanceof PingMessage p && p.isKeepAlive());
    assertThat(m).isInstanceOf(type);
    return type.cast(m);
  }

  /** The next message, keep-alives included. */
  ServiceMessage takeAny() throws InterruptedException {
    ServiceMessage m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a message within %s on server %s", TIMEOUT, serverId).isNotNull();
    return m;
  }

  RawSignalRClient.Closed awaitClosed() {
    return closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** Stops requesting frames: what the service sends piles up in the socket buffers, then in its queue. */
  void stopReading() {
    reading = false;
  }

  /** Reads again after {@link #stopReading()}. */
  void resumeReading() {
    reading = true;
    socket.request(1);
  }

  /** Drops the TCP connection without a close handshake (the app server crashed). */
  void drop() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream part = new ByteArrayOutputStream();
    private final ServiceMessageReader reader = new ServiceMessageReader();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      part.writeBytes(chunk);
      if (last) {
        byte[] frame = part.toByteArray();
        part.reset();
        try {
          reader.read(ByteBuffer.wrap(frame), messages::add);
        } catch (Exception e) {
          closed.complete(new RawSignalRClient.Closed(-2, "unreadable frame from the service: " + e));
        }
      }
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      closed.complete(new RawSignalRClient.Closed(-3, "text frame from the service: " + data));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new RawSignalRClient.Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new RawSignalRClient.Closed(-1, String.valueOf(error)));
    }
  }
}
