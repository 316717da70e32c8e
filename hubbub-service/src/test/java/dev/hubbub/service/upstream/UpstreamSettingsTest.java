package dev.hubbub.service.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamSettingsTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void parsesTheEmulatorsDefaultFile() {
    // the settings.json that `asrs-emulator upstream init` writes
    UpstreamSettings s = UpstreamSettings.parse("{\"UpstreamSettings\":{\"Templates\":[{\"UrlTemplate\":"
        + "\"http://localhost:7071/runtime/webhooks/signalr\",\"EventPattern\":\"*\",\"HubPattern\":\"*\","
        + "\"CategoryPattern\":\"*\"}]}}");
    assertThat(s).isEqualTo(UpstreamSettings.DEFAULT);
    assertThat(UpstreamSettings.parse(s.toJson())).isEqualTo(s);
  }

  @Test
  void propertyNamesAreCaseInsensitiveAndPatternsDefaultToAnything() {
    UpstreamSettings s = UpstreamSettings.parse(
        "{\"upstreamsettings\":{\"templates\":[{\"urltemplate\":\"http://h/{hub}/api/{category}/{event}\"}]}}");
    UpstreamTemplate t = s.templates().get(0);
    assertThat(t.matches("chat", "messages", "send")).isTrue();
    assertThat(t.url("chat", "connections", "connected").toString())
        .isEqualTo("http://h/chat/api/connections/connected");
  }

  @Test
  void firstMatchingTemplateWinsAndListsAreTrimmed() {
    UpstreamSettings s = new UpstreamSettings(List.of(
        new UpstreamTemplate("http://a/", "connected, disconnected", "chat", "connections"),
        new UpstreamTemplate("http://b/", "*", "chat,news", "*")));
    assertThat(s.match("chat", "connections", "disconnected").orElseThrow().urlTemplate()).isEqualTo("http://a/");
    assertThat(s.match("chat", "messages", "send").orElseThrow().urlTemplate()).isEqualTo("http://b/");
    assertThat(s.match("Chat", "messages", "send")).isEmpty(); // case-sensitive, like the emulator
    assertThat(s.match("other", "messages", "send")).isEmpty();
  }

  @Test
  void placeholdersArePercentEncoded() {
    UpstreamTemplate t = UpstreamTemplate.of("http://h/{hub}/{event}");
    assertThat(t.url("chat", "messages", "a b/c?").toString()).isEqualTo("http://h/chat/a%20b%2Fc%3F");
  }

  @Test
  void invalidSettingsNameTheProblem() {
    assertThatThrownBy(() -> UpstreamSettings.parse("{not json"))
        .hasMessageStartingWith("The upstream settings are not valid JSON");
    assertThatThrownBy(() -> UpstreamSettings.parse("{\"UpstreamSettings\":{\"Templates\":[{}]}}"))
        .hasMessage("UpstreamSettings.Templates[0] has no UrlTemplate.");
    assertThatThrownBy(() -> UpstreamSettings.parse("{\"UpstreamSettings\":{\"Templates\":[{\"UrlTemplate\":\"/relative\"}]}}"))
        .hasMessageContaining("must be an absolute http or https URL");
    assertThatThrownBy(() -> UpstreamSettings.parse("{\"UpstreamSettings\":{\"Templates\":{}}}"))
        .hasMessage("UpstreamSettings.Templates must be an array.");
    assertThat(UpstreamSettings.parse("{}")).isEqualTo(UpstreamSettings.NONE);
  }

  @Test
  void aKeyInTheTemplatesQueryIsNotShownInMessagesOrToString() {
    String key = "Fn-Key-0123456789abcdef";
    UpstreamTemplate t = UpstreamTemplate.of("https://fn.example/api/{event}?code=" + key, null, null, null);
    assertThat(t.toString()).startsWith("https://fn.example/api/{event}?...(").doesNotContain(key);
    // not absolute; and a character no URL may hold, after the key
    assertThatThrownBy(() -> UpstreamTemplate.of("fn.example/api?code=" + key, null, null, null))
        .hasMessageStartingWith("UrlTemplate 'fn.example/api?...' must be").hasMessageNotContaining(key);
    assertThatThrownBy(() -> UpstreamTemplate.of("https://fn.example/api?code=" + key + "&x=a b", null, null, null))
        .hasMessageStartingWith("UrlTemplate 'https://fn.example/api?...' does not give a valid URL: ")
        .hasMessageContaining(" at index ").hasMessageNotContaining(key);
    assertThat(UpstreamTemplate.shown("https://user:" + key + "@fn.example/api#" + key))
        .isEqualTo("https://***@fn.example/api#...");
    assertThat(UpstreamTemplate.shown("http://localhost:7071/runtime/webhooks/signalr"))
        .isEqualTo("http://localhost:7071/runtime/webhooks/signalr");
  }

  @Test
  void signatureIsHexHmacOfTheConnectionId() {
    // HMAC-SHA256(key="key", "The quick brown fox jumps over the lazy dog") is a well-known vector
    assertThat(UpstreamSignature.sign("The quick brown fox jumps over the lazy dog", List.of("key")))
        .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    String two = UpstreamSignature.sign("conn1", List.of("k1", "k2"));
    assertThat(two.split(",")).hasSize(2);
    assertThat(UpstreamSignature.verify(two.toUpperCase().replace("SHA256", "sha256"), "conn1", "k2")).isTrue();
    assertThat(UpstreamSignature.verify(two, "conn1", "k3")).isFalse();
  }

  @Test
  void fileChangesAreReloadedAndBadEditsKeepTheLastGoodSettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("settings.json");
    Files.writeString(file, UpstreamSettings.DEFAULT.toJson());
    assertThat(UpstreamSettings.resolve(dir)).isEqualTo(file);
    try (UpstreamSettingsSource source = UpstreamSettingsSource.watching(file, scheduler, 20)) {
      assertThat(source.current()).isEqualTo(UpstreamSettings.DEFAULT);
      UpstreamSettings next = new UpstreamSettings(List.of(UpstreamTemplate.of("http://127.0.0.1:9/x")));
      Files.writeString(file, next.toJson());
      await().atMost(Duration.ofSeconds(5)).until(() -> source.current().equals(next));
      Files.writeString(file, "{broken");
      await().atMost(Duration.ofSeconds(5)).until(() -> source.lastError() != null);
      assertThat(source.lastError()).contains("not valid JSON");
      assertThat(source.current()).isEqualTo(next);
    }
  }

  @Test
  void missingConfigGivesTheEmulatorsMessage(@TempDir Path dir) {
    assertThatThrownBy(() -> UpstreamSettings.resolve(dir.resolve("nope")))
        .hasMessageStartingWith("Unable to find config file '");
  }
}
