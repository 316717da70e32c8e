package dev.hubbub.service.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value that every connection of a hub keeps for its lifetime, made once per hub and shared by its connections
 * rather than copied into each. At most {@code max} hubs are remembered; past that, the value is made per call, so
 * hub names that clients make up cannot grow the map without bound.
 *
 * @param <V> the shared value
 */
public final class SharedPerHub<V> {
  private final int max;
  private final Map<String, V> byHub = new ConcurrentHashMap<>();

  /** @param max how many hubs to remember, 0 or more */
  public SharedPerHub(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be 0 or more, was " + max);
    }
    this.max = max;
  }

  /** The value of {@code hub}: the one remembered, else {@code make}'s (remembered while there is room). */
  public V get(String hub, Function<String, ? extends V> make) {
    V shared = byHub.get(hub);
    if (shared != null) {
      return shared;
    }
    V made = make.apply(hub);
    if (byHub.size() < max) {
      V raced = byHub.putIfAbsent(hub, made);
      return raced != null ? raced : made;
    }
    return made;
  }

  /** How many hubs are remembered. */
  public int remembered() {
    return byHub.size();
  }
}
