package dev.hubbub.protocol.service;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Serialized hub messages keyed by hub protocol name ({@code json}, {@code messagepack}), as multicast
 * messages carry them: each value is a complete framed hub message, written unchanged to clients using
 * that protocol. Names are matched case-insensitively and kept in insertion order (the wire order).
 * Immutable; buffers handed out are read-only views.
 */
public final class Payloads {
  /** No payloads. */
  public static final Payloads EMPTY = new Payloads(Map.of());

  private final Map<String, ByteBuffer> byName;

  private Payloads(Map<String, ByteBuffer> byName) {
    this.byName = byName;
  }

  /**
   * Payloads from a map of protocol name to bytes (copied).
   *
   * @throws IllegalArgumentException if two names differ only in case
   */
  public static Payloads of(Map<String, byte[]> payloads) {
    Map<String, ByteBuffer> copy = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    payloads.forEach((name, bytes) -> {
      if (seen.put(name.toLowerCase(Locale.ROOT), name) != null) {
        throw new IllegalArgumentException("Duplicate payload protocol name (ignoring case): " + name);
      }
      copy.put(name, ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer());
    });
    return new Payloads(Collections.unmodifiableMap(copy));
  }

  /** A single payload. */
  public static Payloads of(String protocol, byte[] payload) {
    return of(Map.of(protocol, payload));
  }

  /** Two payloads, in this order. */
  public static Payloads of(String protocol1, byte[] payload1, String protocol2, byte[] payload2) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    map.put(protocol1, payload1);
    map.put(protocol2, payload2);
    return of(map);
  }

  /** Built by the reader from already copied buffers; keeps the first of names differing in case. */
  static Payloads wrap(List<Map.Entry<String, ByteBuffer>> entries) {
    Map<String, ByteBuffer> map = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, ByteBuffer> e : entries) {
      if (seen.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getKey()) == null) {
        map.put(e.getKey(), e.getValue().asReadOnlyBuffer());
      }
    }
    return new Payloads(Collections.unmodifiableMap(map));
  }

  /** The payload for a protocol, matched case-insensitively. */
  public Optional<ByteBuffer> get(String protocol) {
    for (Map.Entry<String, ByteBuffer> e : byName.entrySet()) {
      if (e.getKey().equalsIgnoreCase(protocol)) {
        return Optional.of(e.getValue().duplicate());
      }
    }
    return Optional.empty();
  }

  /** The payload for a protocol as a byte array copy. */
  public Optional<byte[]> bytes(String protocol) {
    return get(protocol).map(Payloads::toArray);
  }

  /** The protocol names as written, in order. */
  public Set<String> protocols() {
    return byName.keySet();
  }

  /** The number of payloads. */
  public int size() {
    return byName.size();
  }

  /** Name and read-only payload pairs in wire order. */
  List<Map.Entry<String, ByteBuffer>> entries() {
    List<Map.Entry<String, ByteBuffer>> out = new ArrayList<>();
    byName.forEach((k, v) -> out.add(Map.entry(k, v.duplicate())));
    return out;
  }

  static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** Equal when the same names (ignoring case) map to the same bytes, in the same order. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Payloads other) || other.byName.size() != byName.size()) {
      return false;
    }
    List<Map.Entry<String, ByteBuffer>> a = entries();
    List<Map.Entry<String, ByteBuffer>> b = other.entries();
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).getKey().equalsIgnoreCase(b.get(i).getKey()) || !a.get(i).getValue().equals(b.get(i).getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Map.Entry<String, ByteBuffer> e : byName.entrySet()) {
      h = 31 * h + e.getKey().toLowerCase(Locale.ROOT).hashCode() * 17 + e.getValue().hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Payloads{");
    byName.forEach((k, v) -> out.append(k).append('=').append(v.remaining()).append("B,"));
    if (!byName.isEmpty()) {
      out.setLength(out.length() - 1);
    }
    return out.append('}').toString();
  }
}
