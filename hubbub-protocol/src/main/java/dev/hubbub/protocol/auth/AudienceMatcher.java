package dev.hubbub.protocol.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Compares a token audience with the URL it was presented on, by path only. Scheme, host and port are
 * ignored (SDK audiences never carry the port and the host may be a proxy's); the rest of the query is
 * ignored too (SDKs add {@code api-version}, {@code asrs_request_id} and others to one side only).
 *
 * <p>Rules: paths are compared case-insensitively without trailing {@code /}, and {@code /api/v1/} is read
 * as {@code /api/}; the audience path must equal the request path or be a whole-segment prefix of it
 * ({@code /client} covers {@code /client/negotiate}, {@code /api/v1/hubs/chat} covers
 * {@code /api/hubs/chat/:send}); when the audience names a {@code hub} query parameter, the request must
 * name the same hub. An audience without a path matches only a request without one.
 */
final class AudienceMatcher {
  private AudienceMatcher() {}

  /**
   * An audience as the comparison reads it: its normalized path and its {@code hub} parameter; null when the
   * audience is not a hierarchical URI (it then matches nothing).
   */
  record Audience(String path, @Nullable String hub) {}

  static @Nullable Audience parse(String audience) {
    URI aud;
    try {
      aud = new URI(audience);
    } catch (URISyntaxException e) {
      return null;
    }
    if (aud.isOpaque()) {
      return null;
    }
    return new Audience(normalize(aud.getPath()), queryParameter(aud.getRawQuery(), "hub"));
  }

  /**
   * Whether {@code aud} covers a request with this decoded path, {@link #normalize normalized}, and {@code hub}
   * parameter (null when none).
   */
  static boolean matchesNormalized(Audience aud, String reqPath, @Nullable String requestHub) {
    boolean pathOk = reqPath.equals(aud.path())
        || (!aud.path().isEmpty() && reqPath.startsWith(aud.path()) && reqPath.charAt(aud.path().length()) == '/');
    if (!pathOk) {
      return false;
    }
    String hub = aud.hub();
    return hub == null || hub.equalsIgnoreCase(String.valueOf(requestHub));
  }

  /** The {@code hub} parameter of a raw query, decoded; null when absent. */
  static @Nullable String hubParameter(@Nullable String rawQuery) {
    return queryParameter(rawQuery, "hub");
  }

  /** A path as the comparison reads it: lower case, no trailing {@code /}, {@code /api/v1} read as {@code /api}. */
  static String normalize(@Nullable String path) {
    String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals("/api/v1") || p.startsWith("/api/v1/")) {
      p = "/api" + p.substring("/api/v1".length());
    }
    return p;
  }

  private static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equalsIgnoreCase(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return value;
        }
      }
    }
    return null;
  }
}
