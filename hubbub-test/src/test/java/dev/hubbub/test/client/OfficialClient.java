package dev.hubbub.test.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/compare-client.mjs} (copied with its package and lock file to
 * {@code target/node-client}, where the build's {@code npm ci} installs the official {@code @microsoft/signalr}
 * client) with Node, and reads what it printed.
 */
final class OfficialClient {
  private static final Path DIR = Path.of("target", "node-client");

  private OfficialClient() {}

  static JsonNode run(String url, TransportType transport, Protocol protocol) throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/@microsoft/signalr"))) {
      throw new IllegalStateException(DIR.toAbsolutePath() + "/node_modules has no @microsoft/signalr: the build "
          + "installs it with npm ci (phase process-test-resources); run the tests through Maven.");
    }
    Path out = Files.createTempFile(DIR, "official-", ".out");
    Path err = Files.createTempFile(DIR, "official-", ".err");
    Process node;
    try {
      node = new ProcessBuilder(List.of("node", "compare-client.mjs", url, transport.wireName(), protocol.wireName()))
          .directory(DIR.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not run node (Node.js 20 or newer must be on the PATH, see README's "
          + "prerequisites): " + e.getMessage(), e);
    }
    try {
      if (!node.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("The official client did not finish within 90 s; stderr: " + Files.readString(err));
      }
      if (node.exitValue() != 0) {
        throw new AssertionError("The official client failed (exit " + node.exitValue() + "): "
            + Files.readString(err) + Files.readString(out));
      }
      return new ObjectMapper().readTree(Files.readString(out));
    } finally {
      node.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
