package dev.hubbub.service.internal.server;

import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.internal.hub.ClientRoute;
import dev.hubbub.service.internal.hub.ClientRouter;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.service.internal.hub.HubDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The app server connections that carry clients, by hub, and the choice of one for each new client: the
 * sticky server its token names ({@code asrs.s.sn} with {@code asrs.s.ssticky} {@code Preferred} or
 * {@code Required}), else the connection with the fewest clients. Thread-safe.
 */
public final class ServerRegistry implements ClientRouter {
  /** Claim naming the server a sticky client belongs to. */
  static final String SERVER_NAME_CLAIM = "asrs.s.sn";
  /** Claim with the sticky mode, {@code Preferred} or {@code Required}. */
  static final String STICKY_CLAIM = "asrs.s.ssticky";

  /** What a client of a Default-mode hub without app servers is told, on negotiate or at its handshake. */
  public static final String NO_SERVER = "SignalR Service is now in 'Default' service mode. Current mode works as "
      + "a proxy that routes client traffic to the connected app servers. However app servers are not connected.";

  private final ServiceMode mode;
  private final Map<String, Set<ServerConnection>> byHub = new ConcurrentHashMap<>();

  public ServerRegistry(ServiceMode mode) {
    this.mode = mode;
  }

  ServiceMode mode() {
    return mode;
  }

  void add(ServerConnection server) {
    byHub.computeIfAbsent(server.hubKey(), k -> ConcurrentHashMap.newKeySet()).add(server);
  }

  void remove(ServerConnection server) {
    byHub.computeIfPresent(server.hubKey(), (k, set) -> {
      set.remove(server);
      return set.isEmpty() ? null : set;
    });
  }

  /** The connections of a hub that take new clients. */
  List<ServerConnection> available(String hubKey) {
    Set<ServerConnection> set = byHub.get(HubDirectory.key(hubKey));
    List<ServerConnection> out = new ArrayList<>();
    if (set != null) {
      for (ServerConnection s : set) {
        if (!s.shuttingDown() && !s.transport().isClosed()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The hubs (keys) with at least one connection that takes new clients. */
  public Set<String> hubsWithServers() {
    Set<String> out = new java.util.HashSet<>();
    for (String hub : byHub.keySet()) {
      if (!available(hub).isEmpty()) {
        out.add(hub);
      }
    }
    return out;
  }

  /** Every connection of a hub, shutting down or not. */
  List<ServerConnection> all(String hubKey) {
    Set<ServerConnection> set = byHub.get(HubDirectory.key(hubKey));
    return set == null ? List.of() : new ArrayList<>(set);
  }

  /**
   * Why a client with these token claims cannot connect to the hub now, or null when it can. Checked on
   * negotiate and again at the client's handshake.
   */
  public @Nullable String refusal(String hubKey, Map<String, List<String>> claims) {
    if (mode == ServiceMode.SERVERLESS) {
      return null;
    }
    List<ServerConnection> servers = available(hubKey);
    if (servers.isEmpty()) {
      return mode == ServiceMode.DEFAULT ? NO_SERVER : null;
    }
    String sticky = first(claims, STICKY_CLAIM);
    String name = first(claims, SERVER_NAME_CLAIM);
    if ("Required".equalsIgnoreCase(sticky) && name != null
        && servers.stream().noneMatch(s -> s.serverId().equals(name))) {
      return "The app server '" + name + "' that this client is bound to ('" + STICKY_CLAIM + "' = 'Required') is "
          + "not connected to hub '" + hubKey + "'. Negotiate again through a connected app server.";
    }
    return null;
  }

  @Override
  public @Nullable ClientRoute route(ClientSession session) throws RouteRefusedException {
    if (mode == ServiceMode.SERVERLESS) {
      return null;
    }
    String hubKey = session.transport().application().key();
    String refusal = refusal(hubKey, session.claims());
    if (refusal != null) {
      throw new RouteRefusedException(refusal);
    }
    List<ServerConnection> servers = available(hubKey);
    if (servers.isEmpty()) {
      return null; // Classic mode without a server: served here
    }
    String name = first(session.claims(), SERVER_NAME_CLAIM);
    String sticky = first(session.claims(), STICKY_CLAIM);
    if (name != null && ("Preferred".equalsIgnoreCase(sticky) || "Required".equalsIgnoreCase(sticky))) {
      List<ServerConnection> own = servers.stream().filter(s -> s.serverId().equals(name)).toList();
      if (!own.isEmpty()) {
        return leastLoaded(own);
      }
    }
    return leastLoaded(servers);
  }

  private static ServerConnection leastLoaded(List<ServerConnection> servers) {
    ServerConnection best = servers.get(0);
    for (ServerConnection s : servers) {
      if (s.clientCount() < best.clientCount()) {
        best = s;
      }
    }
    return best;
  }

  private static @Nullable String first(Map<String, List<String>> claims, String type) {
    List<String> values = claims.get(type);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
