package dev.hubbub.protocol.auth;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The claims the verifier read from a payload, read-only and in payload order, with read-only value lists: what
 * {@link VerifiedToken} would make of any other map, so it keeps this one as it is instead of copying it.
 * Only the verifier makes one, from a map nobody else holds.
 */
final class ClaimMap extends AbstractMap<String, List<String>> {
  private final Map<String, List<String>> view;

  /** Takes {@code claims}, whose lists are read-only; the caller keeps no reference it would change it through. */
  ClaimMap(LinkedHashMap<String, List<String>> claims) {
    this.view = Collections.unmodifiableMap(claims);
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    return view.entrySet();
  }

  @Override
  public @Nullable List<String> get(@Nullable Object key) {
    return view.get(key);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return view.containsKey(key);
  }

  @Override
  public int size() {
    return view.size();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    view.forEach(action);
  }
}
