package dev.hubbub.transport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class TransportServerBindTest {

  @Test
  void portInUseIsAnIllegalStateExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> TransportServer.builder(TransportOptions.builder().port(port).build()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + port + ": ")
          .hasMessageEndingWith("Pick another port (0 chooses a free one) or bindAddress.");
    }
  }
}
