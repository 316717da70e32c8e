package dev.hubbub.bench.load;

import org.jspecify.annotations.Nullable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, in the order they are printed; rendered as one JSON line and a human summary. */
public final class LoadResult {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  LoadResult put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** A figure by its JSON name, or null. */
  public @Nullable Object get(String name) {
    return fields.get(name);
  }

  public long getLong(String name) {
    Object v = fields.get(name);
    return v instanceof Number n ? n.longValue() : -1;
  }

  public double getDouble(String name) {
    Object v = fields.get(name);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  public Map<String, Object> fields() {
    return java.util.Collections.unmodifiableMap(fields);
  }

  /** One line of JSON. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    write(sb, fields);
    return sb.toString();
  }

  /** One figure per line, {@code name: value}. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %-32s ", e.getKey()));
      write(sb, e.getValue());
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        sb.append("null");
      } else {
        sb.append(String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.3f", d));
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, o);
      }
      sb.append(']');
    } else {
      string(sb, v.toString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
