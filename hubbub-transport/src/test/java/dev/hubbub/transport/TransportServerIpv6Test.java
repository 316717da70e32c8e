package dev.hubbub.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A loopback server also answers on ::1, where clients resolving localhost to IPv6 first go. */
class TransportServerIpv6Test {
  private TransportServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String get(InetSocketAddress address) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address, 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(UTF_8));
      return new String(s.getInputStream().readAllBytes(), UTF_8);
    }
  }

  @Test
  void theDefaultLoopbackAddressAlsoListensOnIpv6LoopbackWithTheSamePort() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback");
    server = TransportServer.builder(TransportOptions.DEFAULTS).start();
    InetSocketAddress v6 = server.ipv6LoopbackAddress();
    assertThat(v6).isNotNull();
    assertThat(v6.getPort()).isEqualTo(server.port());
    assertThat(get(new InetSocketAddress(InetAddress.getByName("::1"), server.port()))).startsWith("HTTP/1.1 404");
    assertThat(get(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()))).startsWith("HTTP/1.1 404");
  }

  @Test
  void localhostAlsoListensOnIpv6Loopback() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback");
    server = TransportServer.builder(TransportOptions.builder().bindAddress("localhost").build()).start();
    assertThat(server.ipv6LoopbackAddress()).isNotNull();
    assertThat(get(new InetSocketAddress(InetAddress.getByName("::1"), server.port()))).startsWith("HTTP/1.1 404");
  }

  @Test
  void anotherAddressListensThereOnly() {
    server = TransportServer.builder(TransportOptions.builder().bindAddress("127.0.0.2").build()).start();
    assertThat(server.ipv6LoopbackAddress()).isNull();
  }

  @Test
  void portTakenOnIpv6LoopbackOnlyLeavesTheIpv4ListenerRunning() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      server = TransportServer.builder(TransportOptions.builder().port(taken.getLocalPort()).build()).start();
      assertThat(server.ipv6LoopbackAddress()).isNull(); // logged as a warning naming the port
      assertThat(get(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()))).startsWith("HTTP/1.1 404");
    } catch (IllegalStateException e) {
      // 127.0.0.1 had that port taken by someone else: nothing to check on this run
    }
  }
}
