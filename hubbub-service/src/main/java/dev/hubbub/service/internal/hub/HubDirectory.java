package dev.hubbub.service.internal.hub;

import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The service's hubs by key. Keys are lower-cased hub names ({@code app_hub} with an application), as every
 * SDK lower-cases them in URLs; a hub exists from its first client on and is never removed (its state is a
 * few empty maps).
 */
public final class HubDirectory {
  private final Map<String, HubState<ClientSession>> hubs = new ConcurrentHashMap<>();
  private final Clock clock;

  public HubDirectory(Clock clock) {
    this.clock = clock;
  }

  /** The normalized key of a hub name. */
  public static String key(String hub) {
    return hub.toLowerCase(Locale.ROOT);
  }

  /** The hub with this key, created with {@code displayName} if new. */
  public HubState<ClientSession> hub(String key, String displayName) {
    return hubs.computeIfAbsent(key(key), k -> new HubState<>(displayName, clock));
  }

  /** The hub with this key, or null when no client ever connected to it. */
  public @Nullable HubState<ClientSession> find(String key) {
    return hubs.get(key(key));
  }

  /** Every hub. */
  public Collection<HubState<ClientSession>> all() {
    return hubs.values();
  }

  /** Connections across all hubs. */
  public int connectionCount() {
    int count = 0;
    for (HubState<ClientSession> hub : hubs.values()) {
      count += hub.size();
    }
    return count;
  }
}
