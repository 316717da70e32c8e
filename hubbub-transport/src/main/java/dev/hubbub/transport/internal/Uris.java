package dev.hubbub.transport.internal;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/** Request-target text as ASP.NET Core reads it, where Netty's decoder is stricter. */
public final class Uris {
  private Uris() {}

  /**
   * The path of a request target as sent, still percent-encoded, without query or fragment: origin-form
   * ({@code /p?q}) as it is, absolute-form ({@code http://host/p?q}, which HTTP/1.1 servers must accept) from
   * its path. Any other target (asterisk-form {@code *}, a bare word) is returned as it is, not starting with
   * {@code /}.
   */
  public static String rawPath(String target) {
    int end = target.length();
    int q = target.indexOf('?');
    if (q >= 0) {
      end = q;
    }
    int hash = target.indexOf('#');
    if (hash >= 0 && hash < end) {
      end = hash;
    }
    String raw = target.substring(0, end);
    if (raw.regionMatches(true, 0, "http://", 0, 7) || raw.regionMatches(true, 0, "https://", 0, 8)) {
      int slash = raw.indexOf('/', raw.indexOf("//") + 2);
      raw = slash < 0 ? "/" : raw.substring(slash);
    }
    return raw;
  }

  /**
   * The decoded path of a request target (see {@link #rawPath}), or null when the target is not a path: the
   * caller answers 400, as Kestrel does for an invalid request target.
   */
  public static @Nullable String decodedPath(String target) {
    String raw = rawPath(target);
    if (!raw.startsWith("/")) {
      return null;
    }
    if (raw.indexOf('%') < 0) {
      return raw; // nothing to decode ('+' stays '+' in a path)
    }
    return new QueryStringDecoder(escapeStrayPercents(raw)).path();
  }

  /**
   * {@code text} with every {@code %} that does not start an escape ({@code %} and two hex digits) written as
   * {@code %25}, so that decoding keeps it as the literal text it is. Netty's {@code QueryStringDecoder} throws
   * on such a {@code %}; ASP.NET Core (and browsers) keep {@code %zz} as {@code %zz}.
   */
  public static String escapeStrayPercents(String text) {
    int first = text.indexOf('%');
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && !(i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2)))) {
        out.append("%25");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
