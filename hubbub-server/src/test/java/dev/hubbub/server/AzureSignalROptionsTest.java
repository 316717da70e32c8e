package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@link AzureSignalROptions} come from: appsettings.json, environment, system properties, code. */
class AzureSignalROptionsTest {
  private static final String CONNECTION = "Endpoint=http://svc:8888;AccessKey="
      + ConnectionString.EMULATOR_ACCESS_KEY + ";Version=1.0;";
  private static final Function<String, @Nullable String> NONE = k -> null;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(AzureSignalROptionsTest.class.getResource("/appsettings/" + name).toURI());
  }

  @Test
  void theSeedsJsonSetsModeStickyModeAndConnectionCount() throws Exception {
    AzureSignalROptions o = AzureSignalROptions.resolve("signalr", b -> { },
        Map.of("ConnectionStrings__signalr", CONNECTION)::get, NONE, resource("seed.json"));
    assertThat(o.serviceMode()).isEqualTo(ServiceMode.DEFAULT);
    assertThat(o.serverStickyMode()).isEqualTo(ServerStickyMode.REQUIRED);
    assertThat(o.connectionCount()).isEqualTo(5);
    assertThat(o.connectionString().format()).isEqualTo(CONNECTION);
    assertThat(o.maxQueuedBytes()).as("default").isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void printingTheOptionsMasksTheAccessKey() {
    AzureSignalROptions o = AzureSignalROptions.builder().connectionString(CONNECTION).build();
    String key = CONNECTION.substring(CONNECTION.indexOf("AccessKey=") + 10, CONNECTION.indexOf(";Version"));
    assertThat(o.toString()).contains("http://svc:8888").doesNotContain(key);
    assertThat(o.connectionString().toString()).doesNotContain(key);
  }

  @Test
  void aMalformedConnectionStringIsRefusedWhenItIsSetNamingNeitherKeyNorValue() {
    String bad = "Endpoint=ftp://svc;AccessKey=SECRETSECRETSECRET;Version=1.0;";
    assertThatThrownBy(() -> AzureSignalROptions.builder().connectionString(bad))
        .isInstanceOf(dev.hubbub.protocol.connection.InvalidConnectionStringException.class)
        .hasMessageNotContaining("SECRETSECRETSECRET");
    assertThatThrownBy(() -> AzureSignalROptions.resolve("signalr", b -> { },
        Map.of("ConnectionStrings__signalr", bad)::get, NONE))
        .hasMessageStartingWith("The connection string in 'ConnectionStrings:signalr' is invalid")
        .hasMessageNotContaining("SECRETSECRETSECRET");
  }

  @Test
  void theSendQueueBoundIsSetInCodeAndMustBePositive() {
    assertThat(AzureSignalROptions.builder().connectionString(CONNECTION).maxQueuedBytes(1024).build()
        .maxQueuedBytes()).isEqualTo(1024);
    assertThatThrownBy(() -> AzureSignalROptions.builder().connectionString(CONNECTION).maxQueuedBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQueuedBytes must be positive, was 0");
  }

  @Test
  void environmentBeatsTheFileSystemPropertiesBeatEnvironmentAndCodeBeatsAll() throws Exception {
    Path file = resource("seed.json");
    Map<String, String> env = Map.of("ConnectionStrings__signalr", CONNECTION,
        "Azure__SignalR__signalr__ConnectionCount", "4");
    assertThat(AzureSignalROptions.resolve("signalr", b -> { }, env::get, NONE, file).connectionCount()).isEqualTo(4);
    Map<String, String> props = Map.of("Azure:SignalR:signalr:ConnectionCount", "3");
    assertThat(AzureSignalROptions.resolve("signalr", b -> { }, env::get, props::get, file).connectionCount())
        .isEqualTo(3);
    AzureSignalROptions code = AzureSignalROptions.resolve("signalr",
        b -> b.connectionCount(2).serverStickyMode(ServerStickyMode.PREFERRED), env::get, props::get, file);
    assertThat(code.connectionCount()).isEqualTo(2);
    assertThat(code.serverStickyMode()).isEqualTo(ServerStickyMode.PREFERRED);
    assertThat(code.serviceMode()).as("still from the file").isEqualTo(ServiceMode.DEFAULT);
  }

  @Test
  void theConnectionStringMayComeFromTheFileWithKeysInAnyCase(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("appsettings.json");
    java.nio.file.Files.writeString(file, "{\"connectionstrings\":{\"SIGNALR\":\"" + CONNECTION + "\"},"
        + "\"azure\":{\"signalr\":{\"signalr\":{\"applicationName\":\"app\"}}}}");
    AzureSignalROptions o = AzureSignalROptions.resolve("signalr", b -> { }, NONE, NONE, file);
    assertThat(o.connectionString().format()).isEqualTo(CONNECTION);
    assertThat(o.applicationName()).isEqualTo("app");
    assertThat(o.connectionCount()).as("default").isEqualTo(5);
  }

  @Test
  void noFileIsNoSettings(@TempDir Path dir) {
    AzureSignalROptions o = AzureSignalROptions.resolve("signalr", b -> b.connectionString(CONNECTION), NONE, NONE,
        dir.resolve("appsettings.json"));
    assertThat(o.serverStickyMode()).isEqualTo(ServerStickyMode.DISABLED);
  }

  /** The seed prints its JSON without the last closing brace; copied as is, the file is refused clearly. */
  @Test
  void malformedJsonNamesTheFileAndTheFix() throws Exception {
    Path file = resource("seed-as-printed.json");
    assertThatThrownBy(() -> AzureSignalROptions.resolve("signalr", b -> b.connectionString(CONNECTION), NONE, NONE,
        file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot read settings file '" + file.toAbsolutePath() + "': ")
        .hasMessageContaining("end-of-input")
        .hasMessageEndingWith("Fix the JSON or remove the file.");
  }
}
