package dev.hubbub.test.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input over WebSockets: refused upgrades, error close codes, split and malformed frames. */
class BadWebSocketInputTest {
  private static final String RS = "\u001e";
  private FakeWebSocketSignalRServer fake;
  private final List<HubTestClient> clients = new ArrayList<>();

  @BeforeEach
  void startFake() throws Exception {
    fake = new FakeWebSocketSignalRServer();
  }

  @AfterEach
  void stopAll() {
    clients.forEach(HubTestClient::close);
    fake.close();
  }

  private HubTestClient client(String path, Protocol protocol) {
    HubTestClient client = HubTestClient.create(fake.url(path), o -> o.transport(TransportType.WEB_SOCKETS)
        .protocol(protocol));
    clients.add(client);
    return client;
  }

  @Test
  void upgradeRefused() {
    assertThatThrownBy(() -> client("/elsewhere", Protocol.JSON).start()).isInstanceOf(TransportException.class)
        .hasMessage("Unable to connect to " + fake.url("/elsewhere") + " with any transport. WebSockets: The "
            + "WebSocket upgrade to " + fake.url("/elsewhere").replace("http:", "ws:") + "?id=t1 was answered with "
            + "HTTP 404: No Connection with that ID.");
  }

  @Test
  void closedWithAnErrorCode() {
    fake.script = (ctx, handshake) -> {
      ctx.writeAndFlush(new TextWebSocketFrame("{}" + RS));
      ctx.writeAndFlush(new CloseWebSocketFrame(1011, "boom"));
    };
    HubTestClient client = client("/ws", Protocol.JSON).start();
    assertThat(fake.received).first().isEqualTo("{\"protocol\":\"json\",\"version\":1}" + RS);

    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(TransportException.class)
        .hasMessage("The WebSocket closed with status code 1011 (boom).");
  }

  @Test
  void aMessageSplitOverTwoFrames() {
    fake.script = (ctx, handshake) -> {
      ctx.writeAndFlush(new TextWebSocketFrame("{}" + RS));
      ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":1,\"target\":\"m\",\"arg"));
      ctx.writeAndFlush(new TextWebSocketFrame("uments\":[]}" + RS));
    };
    HubTestClient client = client("/ws", Protocol.JSON).start();
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ServerProtocolException.class)
        .hasMessageContaining("The WebSocket message ends inside a json hub message");
  }

  @Test
  void malformedMessagePackAfterATextHandshake() {
    fake.script = (ctx, handshake) -> {
      ctx.writeAndFlush(new TextWebSocketFrame("{}" + RS));
      // a good Invocation [1,{},nil,"m",[]], then a length prefix with a string where the type should be
      ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {
          0x07, (byte) 0x95, 0x01, (byte) 0x80, (byte) 0xc0, (byte) 0xa1, 'm', (byte) 0x90})));
      ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {
          0x03, (byte) 0x91, (byte) 0xa1, 'x'})));
    };
    HubTestClient client = client("/ws", Protocol.MESSAGEPACK).start();
    assertThat(fake.received).first().isEqualTo("{\"protocol\":\"messagepack\",\"version\":1}" + RS);
    assertThat(client.on("m").awaitNext().argumentCount()).isZero();
    ConnectionEvent closed = client.awaitEvent(ConnectionEvent.Kind.CLOSED);
    assertThat(closed.error()).isInstanceOf(ServerProtocolException.class)
        .hasMessageStartingWith("The server sent bad messagepack hub protocol data over WebSockets: ");
  }

  @Test
  void aNormalCloseWithoutACloseMessageTriggersAutomaticReconnect() {
    fake.script = (ctx, handshake) -> {
      ctx.writeAndFlush(new TextWebSocketFrame("{}" + RS));
      ctx.writeAndFlush(new CloseWebSocketFrame(1000, ""));
    };
    HubTestClient client = HubTestClient.create(fake.url("/ws"), o -> o.transport(TransportType.WEB_SOCKETS)
        .automaticReconnect(Duration.ofMillis(50)));
    clients.add(client);
    fake.script = (ctx, handshake) -> ctx.writeAndFlush(new TextWebSocketFrame("{}" + RS))
        .addListener(f -> ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")));
    client.start();

    assertThat(client.awaitEvent(ConnectionEvent.Kind.RECONNECTING).error()).isNull();
    assertThat(client.awaitEvent(ConnectionEvent.Kind.RECONNECTING).error()).isNull(); // closed again after it
    assertThat(client.events()).extracting(ConnectionEvent::kind).startsWith(ConnectionEvent.Kind.CONNECTED,
        ConnectionEvent.Kind.RECONNECTING, ConnectionEvent.Kind.RECONNECTED, ConnectionEvent.Kind.RECONNECTING);
  }
}
