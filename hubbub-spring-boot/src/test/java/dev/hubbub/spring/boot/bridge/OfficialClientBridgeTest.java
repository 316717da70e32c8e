package dev.hubbub.spring.boot.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The official {@code @microsoft/signalr} client under Node against the servlet bridge, over the five
 * transport/protocol pairs: invoke, a broadcast, a method-security denial, stop
 * ({@code e2e/support/servlet-bridge-client.mjs}). Needs Node.js 20+ and {@code (cd e2e && npm ci)}; skipped
 * without them.
 */
@SpringBootTest(classes = ServletBridgeApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", "hubbub.signalr.dev-service.enabled=false",
        "spring.autoconfigure.exclude="})
class OfficialClientBridgeTest {
  private static final Path E2E = Path.of("..", "e2e");

  @LocalServerPort
  int port;

  @Test
  void theOfficialClientRunsOverEveryTransportAndProtocol() throws Exception {
    assertThat(E2E.resolve("node_modules/@microsoft/signalr"))
        .as("the official client, installed by this module's build (or run: cd e2e && npm ci)").isDirectory();
    Process node;
    try {
      node = new ProcessBuilder("node", "support/servlet-bridge-client.mjs", "http://127.0.0.1:" + port + "/chat",
          "alice:secret").directory(E2E.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("node (Node.js 20+, a prerequisite in the README) is not on the PATH", e);
    }
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    List<String> lines = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("{")).toList();
    assertThat(node.exitValue()).isZero();
    assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l).contains("\"ok\":true"));
  }
}
