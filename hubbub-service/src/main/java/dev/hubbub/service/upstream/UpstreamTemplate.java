package dev.hubbub.service.upstream;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One upstream template of the serverless mode: where to POST the events of the hubs, categories and events
 * its patterns match. Patterns are {@code *} (anything), a comma-separated list of names (items trimmed), or
 * one exact name; matching is case-sensitive, as in Azure SignalR's emulator.
 *
 * @param urlTemplate an absolute http(s) URL that may contain {@code {hub}}, {@code {category}} and
 *     {@code {event}}, replaced by the percent-encoded values
 * @param eventPattern which events ({@code connected}, {@code disconnected} or a hub method name)
 * @param hubPattern which hubs
 * @param categoryPattern which categories ({@code connections} or {@code messages})
 */
public record UpstreamTemplate(String urlTemplate, String eventPattern, String hubPattern, String categoryPattern) {
  /** The category of connect and disconnect events. */
  public static final String CONNECTIONS = "connections";
  /** The category of client invocations. */
  public static final String MESSAGES = "messages";

  public UpstreamTemplate {
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    eventPattern = eventPattern == null ? "*" : eventPattern;
    hubPattern = hubPattern == null ? "*" : hubPattern;
    categoryPattern = categoryPattern == null ? "*" : categoryPattern;
    URI probe = expand(urlTemplate, "hub", "category", "event");
    if (!probe.isAbsolute() || !("http".equalsIgnoreCase(probe.getScheme()) || "https".equalsIgnoreCase(probe.getScheme()))) {
      throw new IllegalArgumentException("UrlTemplate '" + shown(urlTemplate)
          + "' must be an absolute http or https URL, for example http://localhost:7071/runtime/webhooks/signalr");
    }
  }

  /** A template with {@code *} for each pattern that is not given (null). */
  public static UpstreamTemplate of(String url, @Nullable String eventPattern, @Nullable String hubPattern,
      @Nullable String categoryPattern) {
    return new UpstreamTemplate(url, eventPattern == null ? "*" : eventPattern, hubPattern == null ? "*" : hubPattern,
        categoryPattern == null ? "*" : categoryPattern);
  }

  /** A template that matches everything and posts to {@code url}. */
  public static UpstreamTemplate of(String url) {
    return new UpstreamTemplate(url, "*", "*", "*");
  }

  /** Whether this template takes the event. */
  public boolean matches(String hub, String category, String event) {
    return matches(hubPattern, hub) && matches(categoryPattern, category) && matches(eventPattern, event);
  }

  /** The URL to POST the event to. */
  public URI url(String hub, String category, String event) {
    return expand(urlTemplate, hub, category, event);
  }

  private static boolean matches(String pattern, String value) {
    String p = pattern.trim();
    if (p.equals("*")) {
      return true;
    }
    if (p.indexOf(',') >= 0) {
      Set<String> items = Arrays.stream(p.split(",")).map(String::trim).collect(Collectors.toSet());
      return items.contains(value);
    }
    return p.equals(value);
  }

  private static URI expand(String template, String hub, String category, String event) {
    String url = template.replace("{hub}", escape(hub)).replace("{category}", escape(category))
        .replace("{event}", escape(event));
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      // The reason and position, not the parser's message: that quotes the URL whole, query included.
      throw new IllegalArgumentException("UrlTemplate '" + shown(template) + "' does not give a valid URL: "
          + e.getReason() + " at index " + e.getIndex());
    }
  }

  /**
   * A URL or template as messages and logs show it: without its query and fragment ({@code ?...}), where a key
   * often sits (an Azure Functions {@code code=}), and without user info.
   */
  public static String shown(String url) {
    int end = 0;
    while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
      end++;
    }
    String shown = url.substring(0, end);
    if (shown.indexOf('@') >= 0) {
      shown = USER_INFO.matcher(shown).replaceFirst("***@");
    }
    return end < url.length() ? shown + url.charAt(end) + "..." : shown;
  }

  /** User info in a URL ({@code https://user:secret@host}), for {@link #shown}. */
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^@/]*@");

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return shown(urlTemplate) + "(event:'" + eventPattern + "',hub:'" + hubPattern + "',category:'" + categoryPattern + "')";
  }
}
