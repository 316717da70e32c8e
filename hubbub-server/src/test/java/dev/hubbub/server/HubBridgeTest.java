package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HubBridge}: a host on another HTTP stack feeds a connection's bytes to the hub server's session code and
 * reads what it writes, as the Spring Boot starter's servlet bridge does. The test thread is the connection's thread.
 */
class HubBridgeTest {
  private static final String RS = "\u001e";

  private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final HubServer server = HubServer.builder().hub("/test", TestHub.class)
      .hub("/members", SecureHubs.Members.class).authorizationPolicy("tenantA", p -> true).startEmbedded(loops);

  @AfterEach
  void stop() {
    server.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Records what the hub layer writes and how it closes the channel. */
  static final class RecordingChannel implements SessionChannel {
    final BlockingQueue<String> written = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    volatile @Nullable Boolean binary;

    @Override
    public boolean write(ByteBuf framed) {
      written.add(framed.toString(StandardCharsets.UTF_8));
      return true;
    }

    @Override
    public void close(@Nullable String reason) {
      closed.add(String.valueOf(reason));
    }

    @Override
    public boolean supportsBinary() {
      return true;
    }

    @Override
    public boolean statefulReconnect() {
      return false;
    }

    @Override
    public boolean keepAlive() {
      return true;
    }

    @Override
    public void handshakeDone(boolean binary) {
      this.binary = binary;
    }

    String next() throws InterruptedException {
      String s = written.poll(10, TimeUnit.SECONDS);
      assertThat(s).as("a write from the hub layer").isNotNull();
      return s;
    }
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private HubBridge.Session open(RecordingChannel channel, String id, TransportUser user) {
    return server.bridge("/test").open(channel, id, user,
        HubHttpRequest.of("/test", "id=x", Map.of(), null, TransportType.LONG_POLLING));
  }

  @Test
  void aBridgedConnectionHandshakesInvokesAndLeavesItsHub() throws Exception {
    RecordingChannel channel = new RecordingChannel();
    HubBridge.Session session = open(channel, "c1", TransportUser.of("alice"));

    session.onData(utf8("{\"protocol\":\"json\",\"version\":1}" + RS));
    assertThat(channel.next()).isEqualTo("{}" + RS);
    assertThat(channel.binary).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);

    session.onData(utf8("{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[\"hi\"]}" + RS));
    String completion = channel.next();
    assertThat(completion).contains("\"type\":3").contains("\"invocationId\":\"1\"").contains("\"result\":\"hi\"");

    session.onClosed(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
  }

  @Test
  void aBridgedConnectionKeepsTheHeadersTheServerIsToldToKeep() throws Exception {
    Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
    headers.put("Host", java.util.List.of("example.com"));
    headers.put("Connection", java.util.List.of("Upgrade"));
    headers.put("Upgrade", java.util.List.of("websocket"));
    headers.put("Sec-WebSocket-Key", java.util.List.of("dGhlIHNhbXBsZSBub25jZQ=="));
    headers.put("X-App", java.util.List.of("console 1.0"));
    HubHttpRequest request = HubHttpRequest.of("/test", "", headers, null, TransportType.WEB_SOCKETS);
    assertThat(headerNamesSeen(server, request)).containsExactly("host", "x-app");

    try (HubServer onlyApp = HubServer.builder().hub("/test", TestHub.class)
        .retainRequestHeaders(name -> name.equalsIgnoreCase("x-app")).startEmbedded(loops)) {
      assertThat(headerNamesSeen(onlyApp, request)).containsExactly("x-app");
    }
  }

  /** The header names a hub method sees on a connection bridged with {@code request}. */
  private static java.util.List<String> headerNamesSeen(HubServer server, HubHttpRequest request)
      throws Exception {
    RecordingChannel channel = new RecordingChannel();
    HubBridge.Session session = server.bridge("/test").open(channel, "h1", TransportUser.ANONYMOUS, request);
    session.onData(utf8("{\"protocol\":\"json\",\"version\":1}" + RS));
    assertThat(channel.next()).isEqualTo("{}" + RS);
    session.onData(utf8("{\"type\":1,\"invocationId\":\"1\",\"target\":\"headerNames\",\"arguments\":[]}" + RS));
    String completion = channel.next();
    session.onClosed(null);
    java.util.List<String> names = new java.util.ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(completion.replace(RS, "")).get("result")
        .forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void aMessageOverTheSizeLimitClosesTheChannelWithTheHubLayersReason() throws Exception {
    RecordingChannel channel = new RecordingChannel();
    HubBridge.Session session = open(channel, "c2", TransportUser.ANONYMOUS);
    session.onData(utf8("{\"protocol\":\"json\",\"version\":1}" + RS));
    assertThat(channel.next()).isEqualTo("{}" + RS);

    session.onData(utf8("{\"type\":1,\"target\":\"echo\",\"arguments\":[\"" + "x".repeat(40_000) + "\"]}" + RS));
    assertThat(channel.next()).contains("\"type\":7").contains("InvalidDataException");
    assertThat(channel.closed.poll(10, TimeUnit.SECONDS)).contains("InvalidDataException");
  }

  @Test
  void theGuardAppliesTheHubClassesAuthorize() {
    HubBridge members = server.bridge("/members");
    TransportRequest request = new TransportRequest("POST", "/members/negotiate", EmptyHttpHeaders.INSTANCE, null);
    TransportApplication application = new TransportApplication("/members", new dev.hubbub.transport.ConnectionHandler() {
      @Override
      public void onConnected(dev.hubbub.transport.TransportConnection connection) {
      }

      @Override
      public void onData(dev.hubbub.transport.TransportConnection connection, ByteBuf data) {
      }

      @Override
      public void onClosed(dev.hubbub.transport.TransportConnection connection, @Nullable Throwable error) {
      }
    });
    Authenticator anonymous = (r, a) -> AuthResult.anonymous();
    Authenticator alice = (r, a) -> AuthResult.allow(TransportUser.of("alice"));
    assertThat(members.guard(anonymous).authenticate(request, application).status()).isEqualTo(401);
    assertThat(members.guard(alice).authenticate(request, application).allowed()).isTrue();
    assertThat(members.transportOptions().maxOutboundQueueBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void anUnmappedPathIsRefusedWithTheMappedOnes() {
    assertThatThrownBy(() -> server.bridge("/nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/test");
  }
}
