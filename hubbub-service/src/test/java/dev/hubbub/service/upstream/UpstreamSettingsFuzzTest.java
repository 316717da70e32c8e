package dev.hubbub.service.upstream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Any settings.json text gives settings or an IllegalArgumentException naming the problem; accepted settings
 * survive {@link UpstreamSettings#toJson()} and give, for any hub, category and event, an absolute http(s) URL or an
 * IllegalArgumentException naming the template (a placeholder in the host and an empty value leave no host).
 */
class UpstreamSettingsFuzzTest {
  private static final String[][] EVENTS = {
      {"chat", "messages", "echo"}, {"Chat", "connections", "connected"}, {"a b/c?d#e%", "messages", "{hub}"},
      {"\u00e9\u0000\ud83d\ude00", "x", ""}};

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    UpstreamSettings settings;
    try {
      settings = UpstreamSettings.parse(json);
    } catch (IllegalArgumentException expected) {
      if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
        throw new AssertionError("an error without a message", expected);
      }
      return;
    }
    if (!UpstreamSettings.parse(settings.toJson()).equals(settings)) {
      throw new AssertionError("toJson() does not round-trip: " + settings);
    }
    for (String[] e : EVENTS) {
      settings.match(e[0], e[1], e[2]).ifPresent(t -> {
        URI url;
        try {
          url = t.url(e[0], e[1], e[2]);
        } catch (IllegalArgumentException invalid) {
          // e.g. "https://{event}" for an empty event: the upstream call fails with this message (UpstreamClient)
          if (invalid.getMessage() == null || !invalid.getMessage().startsWith("UrlTemplate '")) {
            throw new AssertionError("a failure that does not name the template", invalid);
          }
          return;
        }
        if (!url.isAbsolute() || !url.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
          throw new AssertionError("not an absolute http URL: " + url + " from " + t);
        }
      });
    }
  }
}
