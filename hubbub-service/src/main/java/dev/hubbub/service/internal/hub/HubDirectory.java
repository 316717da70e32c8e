package dev.hubbub.service.internal.hub;

import dev.hubbub.service.spi.ServiceLifetimeManager;
import dev.hubbub.service.spi.ServiceLifetimeManagerFactory;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The service's hubs by key, each a {@link ServiceLifetimeManager}. Keys are lower-cased hub names
 * ({@code app_hub} with an application), as every SDK lower-cases them in URLs. A hub exists from its first use
 * (a client, a REST call, an app server) and is never removed: its local state is a few empty maps, and a
 * backplane must know every hub a call may name.
 */
public final class HubDirectory {
  private final Map<String, Hub> hubs = new ConcurrentHashMap<>();
  private final Clock clock;
  private final @Nullable ServiceLifetimeManagerFactory factory;

  /** One hub: its local connections and the manager sends go through (the same object without a backplane). */
  private record Hub(LocalServiceLifetimeManager local, ServiceLifetimeManager manager) {}

  public HubDirectory(Clock clock) {
    this(clock, null);
  }

  /** A directory whose hubs use the managers {@code factory} makes (null: the local ones). */
  public HubDirectory(Clock clock, @Nullable ServiceLifetimeManagerFactory factory) {
    this.clock = clock;
    this.factory = factory;
  }

  /** The normalized key of a hub name. */
  public static String key(String hub) {
    return hub.toLowerCase(Locale.ROOT);
  }

  /** The manager of the hub with this key, created with {@code displayName} if new. */
  public ServiceLifetimeManager hub(String key, String displayName) {
    return entry(key, displayName).manager();
  }

  /** The connections of the hub with this key that are in this process. */
  public LocalServiceLifetimeManager local(String key, String displayName) {
    return entry(key, displayName).local();
  }

  private Hub entry(String key, String displayName) {
    return hubs.computeIfAbsent(key(key), k -> {
      LocalServiceLifetimeManager local = new LocalServiceLifetimeManager(displayName, clock);
      return new Hub(local, factory == null ? local : factory.create(k, local));
    });
  }

  /** Every hub's local connections. */
  public Collection<LocalServiceLifetimeManager> locals() {
    return hubs.values().stream().map(Hub::local).toList();
  }

  /** Connections in this process, across all hubs. */
  public int connectionCount() {
    int count = 0;
    for (Hub hub : hubs.values()) {
      count += hub.local().localConnectionCount();
    }
    return count;
  }
}
