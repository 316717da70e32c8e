package dev.hubbub.serviceconnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.protocol.connection.InvalidConnectionStringException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalRConfigurationTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private static final String A = "Endpoint=http://a:1;AccessKey=" + KEY + ";Version=1.0;";
  private static final String B = "Endpoint=http://b:2;AccessKey=" + KEY + ";Version=1.0;";
  private static final String C = "Endpoint=http://c:3;AccessKey=" + KEY + ";Version=1.0;";
  private static final String D = "Endpoint=http://d:4;AccessKey=" + KEY + ";Version=1.0;";

  private static SignalRConfiguration of(Map<String, String> props, Map<String, String> env,
      Map<String, String> settings) {
    return SignalRConfiguration.of(props::get, env::get, settings);
  }

  private static String endpoint(SignalRConfiguration c, String name) {
    return c.connectionString(name).endpoint().toString();
  }

  @Test
  void codeThenSystemPropertiesThenEnvironmentThenAppSettings() {
    Map<String, String> props = Map.of("ConnectionStrings:signalr", B);
    Map<String, String> env = Map.of("ConnectionStrings__signalr", C);
    Map<String, String> settings = Map.of("ConnectionStrings:signalr", D);

    assertThat(endpoint(of(props, env, settings).withOverrides(Map.of("ConnectionStrings:signalr", A)), "signalr"))
        .isEqualTo("http://a:1");
    assertThat(endpoint(of(props, env, settings), "signalr")).isEqualTo("http://b:2");
    assertThat(endpoint(of(Map.of(), env, settings), "signalr")).isEqualTo("http://c:3");
    assertThat(endpoint(of(Map.of(), Map.of(), settings), "signalr")).isEqualTo("http://d:4");
    assertThat(endpoint(of(Map.of(), Map.of(), Map.of())
        .withOverrides(Map.of("ConnectionStrings__signalr", A)), "signalr"))
        .as("overrides in the environment spelling").isEqualTo("http://a:1");
  }

  @Test
  void keysInOrderTheFirstThatAnySourceHasWins() {
    assertThat(SignalRConfiguration.connectionStringKeys("my-signalr")).containsExactly(
        "ConnectionStrings:my-signalr", "ConnectionStrings:my_signalr", "Azure:SignalR:my-signalr:ConnectionString",
        "Azure:SignalR:ConnectionString");
    // a lower source with an earlier key beats a higher source with a later key, as IConfiguration lookups do
    assertThat(endpoint(of(Map.of("Azure:SignalR:signalr:ConnectionString", B),
        Map.of(), Map.of("connectionstrings:signalr", D)), "signalr")).isEqualTo("http://d:4");
    assertThat(endpoint(of(Map.of(), Map.of("ConnectionStrings__my_signalr", A), Map.of()), "my-signalr"))
        .as("Aspire's portable alias").isEqualTo("http://a:1");
    assertThat(endpoint(of(Map.of(), Map.of("Azure__SignalR__signalr__ConnectionString", B), Map.of()), "signalr"))
        .isEqualTo("http://b:2");
    assertThat(endpoint(of(Map.of("Azure:SignalR:ConnectionString", C), Map.of(), Map.of()), "signalr"))
        .isEqualTo("http://c:3");
    assertThat(endpoint(of(Map.of("Azure:SignalR:ConnectionString", C), Map.of("ConnectionStrings__signalr", " "),
        Map.of()), "signalr")).as("blank counts as missing").isEqualTo("http://c:3");
  }

  @Test
  void portableNames() {
    assertThat(SignalRConfiguration.portable("my-signalr.1")).isEqualTo("my_signalr_1");
    assertThat(SignalRConfiguration.portable("1st--hub")).isEqualTo("_1st_hub");
  }

  @Test
  void sectionSettingsReadTheSameSources(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("appsettings.json");
    Files.writeString(file, "{\"Azure\":{\"SignalR\":{\"signalr\":{\"ConnectionCount\":7,\"ServerId\":\"s1\"}}}}");
    SignalRConfiguration c = SignalRConfiguration.of(Map.of("Azure:SignalR:signalr:ServerId", "s2")::get,
        Map.<String, String>of()::get, SignalRConfiguration.readAppSettings(file));
    assertThat(c.section("signalr", "connectioncount")).contains("7");
    assertThat(c.section("signalr", "ServerId")).contains("s2");
    assertThat(c.section("signalr", "ApplicationName")).isEmpty();
  }

  @Test
  void aMissingConnectionStringNamesWhatToSet() {
    assertThatThrownBy(() -> of(Map.of(), Map.of(), Map.of()).connectionString("signalr"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ConnectionStrings__signalr")
        .hasMessageContaining("Azure:SignalR:signalr:ConnectionString");
  }

  @Test
  void aMalformedConnectionStringNamesTheKeyNeverTheValue() {
    String bad = "Endpoint=ftp://x;AccessKey=" + KEY + ";Version=1.0;";
    assertThatThrownBy(() -> of(Map.of(), Map.of("ConnectionStrings__signalr", bad), Map.of())
        .connectionString("signalr"))
        .isInstanceOf(InvalidConnectionStringException.class)
        .hasMessageStartingWith("The connection string in 'ConnectionStrings:signalr' is invalid: ")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void theParsedConnectionStringMasksItsKey() {
    Properties props = new Properties();
    props.setProperty("ConnectionStrings:signalr", A);
    SignalRConfiguration c = SignalRConfiguration.of(props::getProperty, Map.<String, String>of()::get, Map.of());
    assertThat(c.connectionString("signalr").toString()).doesNotContain(KEY).contains("http://a:1");
    assertThat(c.withOverrides(Map.of("x", KEY)).toString()).doesNotContain(KEY);
  }

  @Test
  void aBrokenSettingsFileIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("appsettings.json");
    Files.writeString(file, "{\"ConnectionStrings\":{\"signalr\":\"" + A + "\"");
    assertThatThrownBy(() -> SignalRConfiguration.readAppSettings(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageNotContaining(KEY);
  }
}
