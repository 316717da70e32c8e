package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link IoTransport#best()}: what {@code hubbub.transport} chooses, and a server on io_uring where it runs. */
class IoTransportTest extends TransportTestBase {

  @AfterEach
  void clearProperties() {
    System.clearProperty("hubbub.transport");
    System.clearProperty("hubbub.transport.nio");
  }

  @Test
  void anUnknownTransportIsRefusedWithTheChoices() {
    System.setProperty("hubbub.transport", "kqueue");
    assertThatThrownBy(IoTransport::best).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hubbub.transport must be epoll, io_uring or nio, was 'kqueue'");
  }

  @Test
  void theDefaultIsEpollWhereAvailableAndTheNioSwitchWinsOverAnyChoice() {
    assertThat(IoTransport.best()).isEqualTo(Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO);
    System.setProperty("hubbub.transport", "NIO");
    assertThat(IoTransport.best()).isEqualTo(IoTransport.NIO);
    System.setProperty("hubbub.transport", "io_uring");
    System.setProperty("hubbub.transport.nio", "true");
    assertThat(IoTransport.best()).isEqualTo(IoTransport.NIO);
  }

  /** Where the kernel allows io_uring the server runs on it; elsewhere it falls back to the default and serves. */
  @Test
  void ioUringServesWhereTheKernelAllowsItAndTheDefaultOtherwise() throws Exception {
    System.setProperty("hubbub.transport", "io_uring");
    IoTransport chosen = IoTransport.best();
    if (IoUring.isAvailable()) {
      assertThat(chosen).isEqualTo(IoTransport.IO_URING);
    } else {
      assertThat(chosen).isEqualTo(Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO);
    }
    start(FAST);
    System.clearProperty("hubbub.transport");
    handler.echo();
    TestClient.WsClient ws = client.webSocket("/chat");
    assertThat(handler.take()).isEqualTo("connected");
    ws.sendText("over " + chosen);
    assertThat(ws.take()).isEqualTo("text:over " + chosen);
  }
}
