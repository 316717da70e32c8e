package dev.hubbub.transport.internal;

/** Request-target text as ASP.NET Core reads it, where Netty's decoder is stricter. */
public final class Uris {
  private Uris() {}

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
