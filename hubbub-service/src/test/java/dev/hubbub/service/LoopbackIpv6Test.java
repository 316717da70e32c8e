package dev.hubbub.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The service advertises {@code localhost}; a client that resolves it to {@code ::1} first connects too. */
class LoopbackIpv6Test extends ServiceTestSupport {

  private static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String health(String address) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(address), service.port()), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(UTF_8));
      return new String(s.getInputStream().readAllBytes(), UTF_8);
    }
  }

  @Test
  void theDefaultServiceAnswersOnBothLoopbackAddresses() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback");
    start();
    assertThat(service.endpoint().getHost()).isEqualTo("localhost");
    assertThat(health("127.0.0.1")).startsWith("HTTP/1.1 200");
    assertThat(health("::1")).startsWith("HTTP/1.1 200");
  }

  @Test
  void localhostAsTheHostListensOnBothToo() throws Exception {
    assumeTrue(hasIpv6Loopback(), "this machine has no IPv6 loopback");
    start(ServiceOptions.builder().host("localhost"));
    assertThat(health("::1")).startsWith("HTTP/1.1 200");
    assertThat(health("127.0.0.1")).startsWith("HTTP/1.1 200");
  }
}
