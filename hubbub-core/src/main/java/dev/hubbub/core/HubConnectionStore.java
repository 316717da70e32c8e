package dev.hubbub.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.hubbub.core.spi.SendTarget;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one hub, their users, and group membership: the state a local lifetime manager keeps.
 *
 * <p>Groups have two kinds of members, as in Azure SignalR Service: connections added directly (they leave
 * when they close), and users added with an optional time to live (every connection of the user, now or
 * later, is in the group until the membership expires or is removed). A time to live of 0 adds the user's
 * current connections only. Users added without a time to live keep at most {@value #MAX_PERMANENT_GROUPS}
 * such groups; the oldest is dropped first.
 *
 * <p>Thread-safe: REST calls, client events and server connections change it from any thread. Reads used
 * for fan-out iterate concurrent sets and may miss a member that joins during the send, never fail.
 *
 * <p>Target selection lives here once: {@link #forEach(SendTarget, Consumer)} resolves every kind of
 * {@link SendTarget}.
 */
public final class HubConnectionStore {
  /** How many groups without a time to live a user keeps, as the REST API documents. */
  public static final int MAX_PERMANENT_GROUPS = 100;
  private static final Instant FOREVER = Instant.MAX;

  private final String name;
  private final Clock clock;
  private final Map<String, HubSession> connections = new ConcurrentHashMap<>();
  private final Map<String, Set<HubSession>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Set<HubSession>> groupConnections = new ConcurrentHashMap<>();
  // group -> user -> expiry; user -> groups (insertion order: oldest permanent group first)
  private final Map<String, Map<String, Instant>> groupUsers = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> userGroups = new ConcurrentHashMap<>();
  // connection id -> groups it joined directly, to clean up on close
  private final Map<String, Set<String>> connectionGroups = new ConcurrentHashMap<>();
  // A send to all visits the connections from an array rather than the map: a visit then starts at the session, not
  // at the map's node that leads to it (one dependent cache miss fewer per connection when a broadcast reaches
  // thousands). The array is taken again once connections came or went: `changes` counts every add and remove
  // after the map has it, and an array is used only by a send that reads the count it was taken at.
  private final AtomicLong changes = new AtomicLong();
  private volatile @Nullable Everyone everyone;

  /** The connections as {@link #changes} was {@code at} before they were read from the map. */
  private record Everyone(long at, HubSession[] sessions) {}

  public HubConnectionStore(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  /** The hub's name as first seen (case kept). */
  public String name() {
    return name;
  }

  // ---- connections

  /** Adds a connection. */
  public void add(HubSession connection) {
    connections.put(connection.connectionId(), connection);
    changes.incrementAndGet();
    String user = connection.userId();
    if (user != null) {
      byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(connection);
    }
  }

  /** Removes a connection and its direct group memberships. */
  public void remove(HubSession connection) {
    if (!connections.remove(connection.connectionId(), connection)) {
      return;
    }
    changes.incrementAndGet();
    everyone = null; // no array keeps a closed session until the next send to all
    String user = connection.userId();
    if (user != null) {
      byUser.computeIfPresent(user, (u, set) -> {
        set.remove(connection);
        return set.isEmpty() ? null : set;
      });
    }
    Set<String> groups = connectionGroups.remove(connection.connectionId());
    if (groups != null) {
      for (String group : groups) {
        removeFromGroupSet(group, connection);
      }
    }
  }

  /** The connection with this id, or null. */
  public @Nullable HubSession connection(String connectionId) {
    return connections.get(connectionId);
  }

  /** Every connection of the hub. */
  public Collection<HubSession> connections() {
    return Collections.unmodifiableCollection(connections.values());
  }

  /** The number of connections. */
  public int size() {
    return connections.size();
  }

  /** The connections of a user (empty when none). */
  public Set<HubSession> userConnections(String user) {
    Set<HubSession> set = byUser.get(user);
    return set == null ? Set.of() : Collections.unmodifiableSet(set);
  }

  // ---- connection groups

  /** Adds a connection to a group; false when the connection is not in this hub. */
  public boolean addToGroup(String connectionId, String group) {
    HubSession connection = connections.get(connectionId);
    if (connection == null) {
      return false;
    }
    groupConnections.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(connection);
    connectionGroups.computeIfAbsent(connectionId, c -> ConcurrentHashMap.newKeySet()).add(group);
    if (!connections.containsKey(connectionId)) {
      // closed while joining: undo what remove() could not see
      connectionGroups.remove(connectionId);
      removeFromGroupSet(group, connection);
      return false;
    }
    return true;
  }

  /** Removes a connection from a group; false when it was not a direct member. */
  public boolean removeFromGroup(String connectionId, String group) {
    HubSession connection = connections.get(connectionId);
    Set<String> groups = connectionGroups.get(connectionId);
    if (connection == null || groups == null || !groups.remove(group)) {
      return false;
    }
    removeFromGroupSet(group, connection);
    return true;
  }

  /** Removes a connection from every group it joined directly. */
  public void removeFromAllGroups(String connectionId) {
    HubSession connection = connections.get(connectionId);
    Set<String> groups = connectionGroups.remove(connectionId);
    if (connection != null && groups != null) {
      for (String group : groups) {
        removeFromGroupSet(group, connection);
      }
    }
  }

  private void removeFromGroupSet(String group, HubSession connection) {
    groupConnections.computeIfPresent(group, (g, set) -> {
      set.remove(connection);
      return set.isEmpty() ? null : set;
    });
  }

  // ---- user groups

  /**
   * Adds a user to a group.
   *
   * @param ttlSeconds null for no expiry; 0 to add only the user's current connections
   */
  public void addUserToGroup(String user, String group, @Nullable Integer ttlSeconds) {
    if (ttlSeconds != null && ttlSeconds == 0) {
      for (HubSession connection : userConnections(user)) {
        addToGroup(connection.connectionId(), group);
      }
      return;
    }
    Instant expiry = ttlSeconds == null ? FOREVER : clock.instant().plusSeconds(ttlSeconds);
    groupUsers.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(user, expiry);
    Set<String> groups = userGroups.computeIfAbsent(user, u -> Collections.synchronizedSet(new LinkedHashSet<>()));
    synchronized (groups) {
      groups.remove(group);
      groups.add(group);
      if (expiry.equals(FOREVER)) {
        trimPermanentGroups(user, groups);
      }
    }
  }

  private void trimPermanentGroups(String user, Set<String> groups) {
    List<String> permanent = new ArrayList<>();
    for (String g : groups) {
      Map<String, Instant> users = groupUsers.get(g);
      if (users != null && FOREVER.equals(users.get(user))) {
        permanent.add(g);
      }
    }
    for (int i = 0; i < permanent.size() - MAX_PERMANENT_GROUPS; i++) {
      removeUserRecord(user, permanent.get(i));
      groups.remove(permanent.get(i));
    }
  }

  /** Removes a user from a group, with the user's connections that joined it directly. */
  public void removeUserFromGroup(String user, String group) {
    removeUserRecord(user, group);
    Set<String> groups = userGroups.get(user);
    if (groups != null) {
      groups.remove(group);
    }
    for (HubSession connection : userConnections(user)) {
      removeFromGroup(connection.connectionId(), group);
    }
  }

  /** Removes a user from every group. */
  public void removeUserFromAllGroups(String user) {
    Set<String> groups = userGroups.remove(user);
    if (groups != null) {
      synchronized (groups) {
        for (String group : groups) {
          removeUserRecord(user, group);
        }
      }
    }
    for (HubSession connection : userConnections(user)) {
      removeFromAllGroups(connection.connectionId());
    }
  }

  private void removeUserRecord(String user, String group) {
    groupUsers.computeIfPresent(group, (g, users) -> {
      users.remove(user);
      return users.isEmpty() ? null : users;
    });
  }

  /**
   * Forgets every user's group memberships (with or without a time to live). Groups that connections joined
   * directly are left to those connections, which leave them when they close.
   */
  public void clearUserGroups() {
    groupUsers.clear();
    userGroups.clear();
  }

  /** Whether the user is a live member of the group, by membership or through a connection of theirs. */
  public boolean isUserInGroup(String user, String group) {
    Map<String, Instant> users = groupUsers.get(group);
    if (users != null) {
      Instant expiry = users.get(user);
      if (expiry != null && expiry.isAfter(clock.instant())) {
        return true;
      }
    }
    Set<HubSession> members = groupConnections.get(group);
    if (members != null) {
      for (HubSession connection : userConnections(user)) {
        if (members.contains(connection)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- fan-out

  /** Calls {@code action} once for each connection in the group, excluding the given connection ids. */
  public void forEachInGroup(String group, Collection<String> excluded, Consumer<HubSession> action) {
    Set<HubSession> direct = groupConnections.get(group);
    Map<String, Instant> users = groupUsers.get(group);
    boolean viaUsers = users != null && !users.isEmpty();
    Set<String> seen = viaUsers && direct != null ? new HashSet<>() : null;
    boolean excludes = !excluded.isEmpty();
    if (direct != null) {
      for (HubSession c : direct) {
        if (!excludes || !excluded.contains(c.connectionId())) {
          if (seen != null) {
            seen.add(c.connectionId());
          }
          action.accept(c);
        }
      }
    }
    if (users != null && viaUsers) {
      Instant now = clock.instant();
      for (Iterator<Map.Entry<String, Instant>> it = users.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Instant> e = it.next();
        if (!e.getValue().isAfter(now)) {
          it.remove();
          continue;
        }
        for (HubSession c : userConnections(e.getKey())) {
          if ((!excludes || !excluded.contains(c.connectionId()))
              && (seen == null || seen.add(c.connectionId()))) {
            action.accept(c);
          }
        }
      }
    }
  }

  /** Whether the group has at least one live connection. */
  public boolean groupHasConnections(String group) {
    boolean[] found = {false};
    forEachInGroup(group, List.of(), c -> found[0] = true);
    return found[0];
  }

  /** The live connections of the group, in no particular order. */
  public List<HubSession> groupMembers(String group) {
    List<HubSession> members = new ArrayList<>();
    forEachInGroup(group, List.of(), members::add);
    return members;
  }

  /**
   * Every connection, as an array taken after the last add or remove that finished before this call (so it holds
   * every connection added before the call and not removed since; one added or removed meanwhile may or may not be
   * in it, as with the map's own iteration). Not to be changed.
   */
  private HubSession[] everyone() {
    long now = changes.get();
    Everyone e = everyone;
    if (e != null && e.at() == now) {
      return e.sessions();
    }
    HubSession[] sessions = connections.values().toArray(new HubSession[0]);
    everyone = new Everyone(now, sessions);
    return sessions;
  }

  /**
   * Calls {@code action} once for each connection {@code target} selects here (a connection named twice, in
   * two groups say, once).
   */
  public void forEach(SendTarget target, Consumer<HubSession> action) {
    if (target instanceof SendTarget.All all) {
      Set<String> excluded = all.excludedConnections();
      // Asked once: asking an empty set for each connection would hash each one's id, a cache miss per connection.
      boolean excludes = !excluded.isEmpty();
      for (HubSession c : everyone()) {
        if (!excludes || !excluded.contains(c.connectionId())) {
          action.accept(c);
        }
      }
    } else if (target instanceof SendTarget.Connections list) {
      for (String id : list.connectionIds()) {
        HubSession c = connections.get(id);
        if (c != null) {
          action.accept(c);
        }
      }
    } else if (target instanceof SendTarget.Groups groups) {
      Consumer<HubSession> filtered = groups.excludedUsers().isEmpty() ? action : c -> {
        if (!groups.excludes(c.connectionId(), c.userId())) {
          action.accept(c);
        }
      };
      if (groups.groups().size() == 1) {
        forEachInGroup(groups.groups().iterator().next(), groups.excludedConnections(), filtered);
      } else {
        Set<String> seen = new HashSet<>();
        for (String group : groups.groups()) {
          forEachInGroup(group, groups.excludedConnections(), c -> {
            if (seen.add(c.connectionId())) {
              filtered.accept(c);
            }
          });
        }
      }
    } else {
      SendTarget.Users users = (SendTarget.Users) target;
      Set<String> excluded = users.excludedConnections();
      boolean excludes = !excluded.isEmpty();
      for (String user : users.userIds()) {
        for (HubSession c : userConnections(user)) {
          if (!excludes || !excluded.contains(c.connectionId())) {
            action.accept(c);
          }
        }
      }
    }
  }
}
