package dev.hubbub.test.client.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** URL arithmetic of the SignalR transports, and the form of a URL that may appear in messages. */
public final class Urls {
  private static final Pattern SECRET_PARAM = Pattern.compile("(?i)((?:^|&)(?:access_token|accesskey|signature)=)[^&]*");

  private Urls() {}

  /** {@code base} with {@code key=value} appended to its query (the value URL-encoded). */
  public static URI withQuery(URI base, String key, String value) {
    String s = base.toString();
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    String sep = s.indexOf('?') < 0 ? "?" : (s.endsWith("?") || s.endsWith("&") ? "" : "&");
    return URI.create(s + sep + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /**
   * The negotiate URL of a hub URL: {@code /negotiate} after the path, before the query
   * ({@code http://h/client/?hub=chat} gives {@code http://h/client/negotiate?hub=chat}), then
   * {@code negotiateVersion=1} and, when asked, {@code useStatefulReconnect=true}.
   */
  public static URI negotiate(URI hub, boolean statefulReconnect) {
    String path = hub.getRawPath() == null || hub.getRawPath().isEmpty() ? "/" : hub.getRawPath();
    path = path.endsWith("/") ? path + "negotiate" : path + "/negotiate";
    String query = hub.getRawQuery();
    StringBuilder url = new StringBuilder()
        .append(hub.getScheme()).append("://").append(hub.getRawAuthority()).append(path)
        .append('?');
    if (query != null && !query.isEmpty()) {
      url.append(query).append('&');
    }
    url.append("negotiateVersion=1");
    if (statefulReconnect) {
      url.append("&useStatefulReconnect=true");
    }
    return URI.create(url.toString());
  }

  /** The WebSocket form of an http(s) URL. */
  public static URI webSocket(URI url) {
    String s = url.toString();
    if (s.regionMatches(true, 0, "https:", 0, 6)) {
      return URI.create("wss:" + s.substring(6));
    }
    if (s.regionMatches(true, 0, "http:", 0, 5)) {
      return URI.create("ws:" + s.substring(5));
    }
    return url;
  }

  /** The URL as it may appear in messages and logs: values of token-like query parameters replaced. */
  public static String redact(URI url) {
    String query = url.getRawQuery();
    if (query == null) {
      return url.toString();
    }
    String masked = SECRET_PARAM.matcher(query).replaceAll("$1****");
    String s = url.toString();
    int at = s.indexOf('?');
    return s.substring(0, at + 1) + masked + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment());
  }
}
