package dev.hubbub.server.redis.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Redis connection string as Aspire injects it ({@code ConnectionStrings__<name>}), turned into the
 * {@code redis://} URI Lettuce takes. Two forms:
 * <ul>
 *   <li>StackExchange.Redis's configuration string, {@code host[:port][,option=value...]}, e.g.
 *       {@code localhost:6379,password=secret,ssl=true}. Options that matter here: {@code password}, {@code user},
 *       {@code ssl}, {@code defaultDatabase}, {@code channelPrefix}. StackExchange.Redis's client tuning options
 *       ({@code abortConnect}, {@code connectTimeout}, {@code syncTimeout}, ...) are accepted and ignored. Any
 *       other key is rejected, as StackExchange.Redis does, unless {@code ignoreUnknown=true}. A host without a
 *       port means 6379, as in StackExchange.Redis; one endpoint only.</li>
 *   <li>A URI, {@code redis://} or {@code rediss://} (Aspire 13's {@code <NAME>_URI}), taken as it is.</li>
 * </ul>
 * Error messages name the bad key or endpoint, never the password.
 *
 * @param uri the Lettuce URI, with the password percent-encoded
 * @param channelPrefix the {@code channelPrefix} option, or empty
 */
public record RedisConnectionString(String uri, String channelPrefix) {

  static final String FORMS = "expected host:port[,password=...][,ssl=true] (Aspire's ConnectionStrings__<name>) "
      + "or redis://[:password@]host:port";
  /** StackExchange.Redis options that tune its own client: accepted, no effect on Lettuce. */
  private static final Set<String> IGNORED = Set.of("abortconnect", "allowadmin", "asynctimeout",
      "checkcertificaterevocation", "configchannel", "configcheckseconds", "connectretry", "connecttimeout",
      "keepalive", "name", "protocol", "resolvedns", "responsetimeout", "setlib", "sslprotocols", "synctimeout",
      "tiebreaker", "version", "highprioritysocketthreads", "ignoreunknown");

  /** Never shows the password. */
  @Override
  public String toString() {
    return "RedisConnectionString[uri=" + uri.replaceFirst("(?<=://)[^@/]*@", "***@") + ", channelPrefix="
        + channelPrefix + "]";
  }

  /**
   * @param connectionString either form
   * @return the parsed connection string
   * @throws IllegalArgumentException naming what is wrong (never the password)
   */
  public static RedisConnectionString parse(@Nullable String connectionString) {
    if (connectionString == null || connectionString.isBlank()) {
      throw new IllegalArgumentException("The Redis connection string is empty: " + FORMS + ".");
    }
    String s = connectionString.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
      return new RedisConnectionString(checkedUri(s), "");
    }
    if (lower.contains("://")) {
      throw new IllegalArgumentException("The Redis connection string has a scheme other than redis:// or rediss://: "
          + FORMS + ".");
    }
    String endpoint = null;
    String password = null;
    String user = null;
    boolean ssl = false;
    Integer database = null;
    String channelPrefix = "";
    boolean ignoreUnknown = false;
    String unknown = null;
    for (String raw : s.split(",")) {
      String token = raw.trim();
      if (token.isEmpty()) {
        continue;
      }
      int eq = token.indexOf('=');
      if (eq < 0) {
        if (endpoint != null) {
          throw new IllegalArgumentException("The Redis connection string names several endpoints ('" + endpoint
              + "', '" + token + "'): the backplane connects to one Redis server; " + FORMS + ".");
        }
        endpoint = token;
        continue;
      }
      String key = token.substring(0, eq).trim();
      String value = token.substring(eq + 1).trim();
      switch (key.toLowerCase(Locale.ROOT)) {
        case "password" -> password = value;
        case "user" -> user = value;
        case "ssl" -> ssl = bool(key, value);
        case "defaultdatabase" -> database = number(key, value, 0, Integer.MAX_VALUE);
        case "channelprefix" -> channelPrefix = value;
        case "ignoreunknown" -> ignoreUnknown = bool(key, value);
        default -> {
          if (!IGNORED.contains(key.toLowerCase(Locale.ROOT)) && unknown == null) {
            unknown = key;
          }
        }
      }
    }
    if (unknown != null && !ignoreUnknown) {
      throw new IllegalArgumentException("The Redis connection string has the option '" + unknown + "', which the "
          + "backplane does not support: use password, user, ssl, defaultDatabase or channelPrefix (StackExchange.Redis "
          + "client options such as connectTimeout are ignored), or add ignoreUnknown=true.");
    }
    if (endpoint == null) {
      throw new IllegalArgumentException("The Redis connection string names no endpoint (host:port): " + FORMS + ".");
    }
    String host;
    String portText;
    if (endpoint.startsWith("[")) {
      int close = endpoint.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("The Redis endpoint '" + endpoint + "' has no closing ']': " + FORMS + ".");
      }
      host = endpoint.substring(0, close + 1);
      String rest = endpoint.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new IllegalArgumentException("The Redis endpoint '" + endpoint + "' is not [address]:port.");
      }
      portText = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = endpoint.lastIndexOf(':');
      if (colon >= 0 && endpoint.indexOf(':') != colon) {
        throw new IllegalArgumentException("The Redis endpoint '" + endpoint + "' is an IPv6 address without "
            + "brackets: write [" + endpoint + "] or [address]:port.");
      }
      host = colon < 0 ? endpoint : endpoint.substring(0, colon);
      portText = colon < 0 ? null : endpoint.substring(colon + 1);
    }
    if (host.isEmpty() || host.equals("[]") || !host.matches("[A-Za-z0-9._\\-\\[\\]:%]+")) {
      throw new IllegalArgumentException("The Redis endpoint '" + endpoint + "' has no valid host: " + FORMS + ".");
    }
    int port = 6379;
    if (portText != null) {
      if (portText.isEmpty()) {
        throw new IllegalArgumentException("The Redis endpoint '" + endpoint + "' has no port after ':': " + FORMS + ".");
      }
      port = number("port of endpoint '" + endpoint + "'", portText, 1, 65535);
    }
    StringBuilder uri = new StringBuilder(ssl ? "rediss://" : "redis://");
    if (password != null || user != null) {
      if (user != null) {
        uri.append(encode(user));
      }
      uri.append(':').append(password == null ? "" : encode(password)).append('@');
    }
    uri.append(host).append(':').append(port);
    if (database != null) {
      uri.append('/').append(database);
    }
    return new RedisConnectionString(uri.toString(), channelPrefix);
  }

  private static String checkedUri(String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      // Not the text: a text that does not parse cannot be masked reliably (a password written with a space
      // before '=' or inside a broken user info would show). The parser's reason and position say where to look.
      throw new IllegalArgumentException("The Redis URI is malformed (" + e.getReason() + " at index " + e.getIndex()
          + "): " + FORMS + ".");
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      // Not quoted either: a password with '/', '?' or '#' in it, not percent-encoded, ends the user info early
      // (the URI then has no host), and no mask can tell where such a password ends.
      throw new IllegalArgumentException("The Redis URI names no host (a password with '/', '?', '#' or '@' in it "
          + "must be percent-encoded): " + FORMS + ".");
    }
    return s;
  }

  private static boolean bool(String key, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("The Redis connection string option '" + key + "' is '" + value
        + "': use true or false.");
  }

  private static int number(String what, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("The Redis connection string's " + what + " is '" + value
        + "': use a number from " + min + " to " + max + ".");
  }

  /** Percent-encodes everything outside RFC 3986's unreserved set, so that Lettuce decodes it back. */
  private static String encode(String s) {
    // URLEncoder writes the form encoding; these three differences make it RFC 3986's (only unreserved kept).
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }
}
