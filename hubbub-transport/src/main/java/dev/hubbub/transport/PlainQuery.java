package dev.hubbub.transport;

import org.jspecify.annotations.Nullable;

/**
 * Reads a parameter out of a query string that needs no decoding, without building the parameter map: what a
 * connecting client sends ({@code ?id=...}, an {@code access_token}) almost always is. A query is plain when it
 * is {@code key=value} or {@code key} segments joined by {@code &}, every key non-empty, at most one {@code =} per
 * segment, no more than {@link #MAX_PARAMS} segments, and every other character unreserved (RFC 3986: letters,
 * digits, {@code - . _ ~}); anything else ({@code %}, {@code +}, {@code ;}, {@code #}, empty segments) goes to the
 * full decoder. On a plain query both give the same answer ({@code TransportRequestTest} compares them).
 */
final class PlainQuery {
  /** Netty's decoder reads no more parameters than this; a longer query goes to it. */
  static final int MAX_PARAMS = 1024;

  private PlainQuery() {}

  /** Whether the query that starts at {@code from} (after the {@code ?}) is plain. */
  static boolean isPlain(String uri, int from) {
    int segments = 1;
    boolean keyStarted = false;
    boolean sawEquals = false;
    for (int i = from; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '&') {
        if (!keyStarted || ++segments > MAX_PARAMS) {
          return false;
        }
        keyStarted = false;
        sawEquals = false;
      } else if (c == '=') {
        if (!keyStarted || sawEquals) {
          return false;
        }
        sawEquals = true;
      } else if (isUnreserved(c)) {
        keyStarted = true;
      } else {
        return false;
      }
    }
    return keyStarted || from == uri.length();
  }

  /** The first value of {@code name} (ignoring case) in a plain query, or null; a key without {@code =} has "". */
  static @Nullable String firstValue(String uri, int from, String name) {
    return value(uri, from, name, true);
  }

  /**
   * Whether {@code name} (ignoring case) comes spelt one way only in a plain query. The full decoder groups values
   * by spelling first, so when it does not, its "last value" is not the last in the query, and callers ask it.
   */
  static boolean spelledOneWay(String uri, int from, String name) {
    int first = -1;
    for (int start = from; start < uri.length(); ) {
      int end = segmentEnd(uri, start);
      if (keyIs(uri, start, end, name)) {
        if (first >= 0 && !uri.regionMatches(first, uri, start, name.length())) {
          return false;
        }
        first = first < 0 ? start : first;
      }
      start = end + 1;
    }
    return true;
  }

  /** The last value of {@code name} (ignoring case) in a plain query, or null; a key without {@code =} has "". */
  static @Nullable String lastValue(String uri, int from, String name) {
    return value(uri, from, name, false);
  }

  private static @Nullable String value(String uri, int from, String name, boolean first) {
    String found = null;
    for (int start = from; start < uri.length(); ) {
      int end = segmentEnd(uri, start);
      if (keyIs(uri, start, end, name)) {
        found = start + name.length() == end ? "" : uri.substring(start + name.length() + 1, end);
        if (first) {
          return found;
        }
      }
      start = end + 1;
    }
    return found;
  }

  private static int segmentEnd(String uri, int start) {
    int end = uri.indexOf('&', start);
    return end < 0 ? uri.length() : end;
  }

  /** Whether the segment {@code [start, end)} has the key {@code name}, ignoring case. */
  private static boolean keyIs(String uri, int start, int end, String name) {
    int keyEnd = start + name.length();
    return keyEnd <= end && (keyEnd == end || uri.charAt(keyEnd) == '=')
        && uri.regionMatches(true, start, name, 0, name.length());
  }

  /** Whether {@code name} can be looked up in a plain query: a non-empty run of unreserved characters. */
  static boolean isPlainKey(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isUnreserved(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
