package dev.hubbub.protocol.hub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies header maps defensively; insertion order is kept so encodings are reproducible. */
final class Headers {
  private Headers() {}

  static Map<String, String> copy(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new NullPointerException("headers must not contain null keys or values");
      }
    });
    return Collections.unmodifiableMap(copy);
  }
}
