package dev.hubbub.bench.soak;

import java.util.List;
import java.util.Map;

/**
 * What a soak found.
 *
 * @param summary the summary line's fields
 * @param intervals each interval line's fields, in order
 */
public record SoakResult(Map<String, Object> summary, List<Map<String, Object>> intervals) {
  public long getLong(String key) {
    Object v = summary.get(key);
    return v instanceof Number n ? n.longValue() : -1;
  }

  public boolean ok() {
    return Boolean.TRUE.equals(summary.get("ok"));
  }
}
