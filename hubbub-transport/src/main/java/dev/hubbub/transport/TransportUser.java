package dev.hubbub.transport;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Who is on the other end of a connection, as the {@link Authenticator} established it.
 *
 * @param id the user id (SignalR's {@code Context.UserIdentifier}), or null when anonymous
 * @param claims claim type to values (a JWT's claims flattened to strings); empty when anonymous
 */
public record TransportUser(@Nullable String id, Map<String, List<String>> claims) {

  /** No user and no claims. */
  public static final TransportUser ANONYMOUS = new TransportUser(null, Map.of());

  /**
   * Copies the claims, with their names and values {@linkplain String#intern() interned}: every connection keeps
   * its user's claims for its lifetime, and across connections they mostly repeat (the same claim names, the
   * audience of a hub, the issue and expiry second of tokens made together), so thousands of connections share
   * one copy of each instead of holding their own. A claim with one value (most of them) also shares its
   * read-only list with other users' equal claims while the value is among the last few thousand seen.
   */
  public TransportUser {
    claims = interned(claims);
  }

  private static Map<String, List<String>> interned(Map<String, List<String>> claims) {
    if (claims.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, List<String>>[] entries = new Map.Entry[claims.size()];
    int[] next = {0};
    // forEach, not entrySet(): a read-only map's entry set wraps every entry it hands out
    claims.forEach((name, values) -> entries[next[0]++] = Map.entry(name.intern(), internedValues(values)));
    return Map.ofEntries(entries);
  }

  /** Single-value lists by their value; forgotten all at once when full, so it follows the values in use. */
  private static final Map<String, List<String>> SINGLE_VALUES = new ConcurrentHashMap<>();
  private static final int MAX_SINGLE_VALUES = 4096;

  private static List<String> internedValues(List<String> values) {
    if (values.size() == 1 && values.get(0) != null) {
      // most claims have one value: the smallest list, without an array to copy it from, and shared
      String value = values.get(0).intern();
      List<String> list = SINGLE_VALUES.get(value);
      if (list == null) {
        if (SINGLE_VALUES.size() >= MAX_SINGLE_VALUES) {
          SINGLE_VALUES.clear();
        }
        list = SINGLE_VALUES.computeIfAbsent(value, List::of);
      }
      return list;
    }
    String[] copy = new String[values.size()];
    boolean nulls = false;
    for (int j = 0; j < copy.length; j++) {
      String v = values.get(j);
      nulls |= v == null;
      copy[j] = v == null ? null : v.intern();
    }
    // List.of is the smallest read-only list, but refuses nulls, which an authenticator may have put there.
    return nulls ? Collections.unmodifiableList(Arrays.asList(copy)) : List.of(copy);
  }

  /** A user with an id and no claims. */
  public static TransportUser of(String id) {
    return new TransportUser(id, Map.of());
  }
}
