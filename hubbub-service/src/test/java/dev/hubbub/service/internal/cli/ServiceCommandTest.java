package dev.hubbub.service.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process through {@link ServiceCommand#execute}, with the emulator's texts. */
class ServiceCommandTest {
  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ServiceCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private List<String> outLines() {
    return out.toString().lines().toList();
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Test
  void upstreamInitWritesTheDefaultSettings() throws Exception {
    assertThat(run("upstream", "init", "-o", dir.toString())).isZero();
    Path file = dir.resolve("settings.json").toAbsolutePath();
    assertThat(outLines()).containsExactly("Exported default settings to '" + file + "'.");
    assertThat(Files.readString(file)).contains("\"UrlTemplate\" : \"http://localhost:7071/runtime/webhooks/signalr\"");
  }

  @Test
  void upstreamListPrintsEveryTemplate() throws Exception {
    assertThat(run("upstream", "init", "--output", dir.toString())).isZero();
    out.getBuffer().setLength(0);
    assertThat(run("upstream", "list", "-c", dir.toString())).isZero();
    assertThat(outLines()).containsExactly(
        "Loaded upstream settings from '" + dir.resolve("settings.json") + "'",
        "Current Upstream Settings:",
        "[0]http://localhost:7071/runtime/webhooks/signalr(event:'*',hub:'*',category:'*')");
  }

  @Test
  void upstreamListWithoutTemplatesSaysHowToCreateThem() throws Exception {
    Path file = dir.resolve("empty.json");
    Files.writeString(file, "{\"UpstreamSettings\":{\"Templates\":[]}}");
    assertThat(run("upstream", "list", "--config", file.toString())).isZero();
    assertThat(outLines()).containsExactly("Loaded upstream settings from '" + file + "'",
        "No upstream is set yet. Use 'upstream init' to create default upstreams.");
  }

  @Test
  void startOnAPortInUseFailsWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(run("start", "--port", String.valueOf(taken.getLocalPort()),
          "--config", writeEmptySettings().toString())).isEqualTo(1);
      assertThat(errLines()).hasSize(1);
      assertThat(errLines().get(0)).startsWith("Error starting emulator: Cannot listen on 127.0.0.1:"
          + taken.getLocalPort() + ": ");
    }
  }

  private Path writeEmptySettings() throws Exception {
    Path file = dir.resolve("settings.json");
    Files.writeString(file, "{\"UpstreamSettings\":{\"Templates\":[]}}");
    return file;
  }

  @Test
  void startWithAMissingConfigFile() {
    Path missing = dir.resolve("missing.json");
    assertThat(run("start", "--config", missing.toString())).isEqualTo(1);
    assertThat(errLines()).containsExactly("Unable to find config file '" + missing + "' or '"
        + missing.resolve("settings.json") + "'.");
  }

  @Test
  void startWithRedisNeedsTheRedisModuleAndSaysSo() {
    // hubbub-service alone has no backplane provider: the message names the module and the jar that has one,
    // never the URI's password.
    assertThat(run("start", "--port", "0", "--redis", "redis://:secret-pw@127.0.0.1:6379")).isEqualTo(1);
    assertThat(errLines()).singleElement().asString().contains("hubbub-service-redis")
        .contains("'redis'").doesNotContain("secret-pw");
  }

  @Test
  void startWithAnInvalidPortOrAddress() {
    assertThat(run("start", "--port", "abc")).isEqualTo(1);
    assertThat(errLines()).containsExactly("Invalid port value: abc");
    err.getBuffer().setLength(0);
    assertThat(run("start", "-p", "70000")).isEqualTo(1);
    assertThat(errLines()).containsExactly("Invalid port value: 70000");
    err.getBuffer().setLength(0);
    assertThat(run("start", "--ip", "not-an-ip")).isEqualTo(1);
    assertThat(errLines()).containsExactly("Invalid IP address value: not-an-ip");
  }

  @Test
  void unknownCommandsAndOptionsPrintTheEmulatorsTwoLines() {
    assertThat(run("invalid")).isEqualTo(1);
    assertThat(errLines()).containsExactly("Specify --help for a list of available options and commands.",
        "Error starting emulator: Unrecognized command or argument 'invalid'.");
    err.getBuffer().setLength(0);
    assertThat(run("start", "-a")).isEqualTo(1);
    assertThat(errLines()).containsExactly("Specify --help for a list of available options and commands.",
        "Error starting emulator: Unrecognized option '-a'.");
  }

  @Test
  void startPrintsTheBannerServesAndStopsWhenAsked() throws Exception {
    Path settings = writeEmptySettings();
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ServiceCommand.execute(
        new String[] {"start", "--port", "0", "--config", settings.toString()},
        new PrintWriter(out, true), new PrintWriter(err, true), stop));
    await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("==================================================="
        + NL + "The Hubbub") && out.toString().split("\\*{11}").length >= 3 && out.toString().trim().endsWith("="));

    Matcher m = Pattern.compile("Endpoint=http://localhost:(\\d+);").matcher(out.toString());
    assertThat(m.find()).isTrue();
    String port = m.group(1);
    assertThat(out.toString()).isEqualTo(""
        + "Loaded settings from '" + settings.toAbsolutePath() + "'. Changes to the settings file will be hot-loaded"
        + " into the emulator." + NL
        + "No upstream is set yet. Use 'upstream init' to create default upstreams." + NL
        + "===================================================" + NL
        + "The Hubbub SignalR service was successfully started (Serverless mode)." + NL
        + NL
        + "Press Ctrl+C to stop the service." + NL
        + NL
        + "  TIPS: Use the below value inside *********** block as its ConnectionString:" + NL
        + NL
        + "***********" + NL
        + NL
        + "Endpoint=http://localhost:" + port + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;" + NL
        + NL
        + "***********" + NL
        + NL
        + "===================================================" + NL);

    HttpResponse<Void> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(health.statusCode()).isEqualTo(200);

    stop.complete(null);
    assertThat(exit.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(err.toString()).isEmpty();
  }
}
