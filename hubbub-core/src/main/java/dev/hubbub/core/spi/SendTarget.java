package dev.hubbub.core.spi;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a send is for, as one value: every sender (hub code, the REST API, an app server's data messages)
 * builds one, and every {@link HubLifetimeManager} resolves it. A connection that a target names twice (in two
 * groups, say) receives the message once.
 */
public sealed interface SendTarget {

  /** Every connection of the hub. */
  static All all() {
    return new All(Set.of());
  }

  /** Every connection of the hub but {@code excludedConnectionIds}. */
  static All allExcept(Collection<String> excludedConnectionIds) {
    return new All(Set.copyOf(excludedConnectionIds));
  }

  /** One connection. */
  static Connections connection(String connectionId) {
    return new Connections(Set.of(connectionId));
  }

  /** These connections. */
  static Connections connections(Collection<String> connectionIds) {
    return new Connections(Set.copyOf(connectionIds));
  }

  /** The members of one group. */
  static Groups group(String group) {
    return new Groups(Set.of(group), Set.of(), Set.of());
  }

  /** The members of one group but {@code excludedConnectionIds}. */
  static Groups groupExcept(String group, Collection<String> excludedConnectionIds) {
    return new Groups(Set.of(group), Set.copyOf(excludedConnectionIds), Set.of());
  }

  /** The members of these groups. */
  static Groups groups(Collection<String> groups) {
    return new Groups(Set.copyOf(groups), Set.of(), Set.of());
  }

  /** Every connection of one user. */
  static Users user(String userId) {
    return new Users(Set.of(userId), Set.of());
  }

  /** Every connection of these users. */
  static Users users(Collection<String> userIds) {
    return new Users(Set.copyOf(userIds), Set.of());
  }

  /** @param excludedConnections connections that do not receive it */
  record All(Set<String> excludedConnections) implements SendTarget {
    public All {
      excludedConnections = Set.copyOf(excludedConnections);
    }
  }

  /** @param connectionIds the connections; ids that do not exist are skipped */
  record Connections(Set<String> connectionIds) implements SendTarget {
    public Connections {
      connectionIds = Set.copyOf(connectionIds);
    }
  }

  /**
   * @param groups the groups (case-sensitive names)
   * @param excludedConnections members that do not receive it
   * @param excludedUsers members whose user is one of these do not receive it (Azure's group send with
   *     excluded users)
   */
  record Groups(Set<String> groups, Set<String> excludedConnections, Set<String> excludedUsers)
      implements SendTarget {
    public Groups {
      groups = Set.copyOf(groups);
      excludedConnections = Set.copyOf(excludedConnections);
      excludedUsers = Set.copyOf(excludedUsers);
    }

    /** The same groups, also excluding {@code users}. */
    public Groups exceptUsers(Collection<String> users) {
      return new Groups(groups, excludedConnections, Set.copyOf(users));
    }

    /** Whether a member with this connection and user is excluded. */
    public boolean excludes(String connectionId, @Nullable String userId) {
      return excludedConnections.contains(connectionId) || (userId != null && excludedUsers.contains(userId));
    }
  }

  /**
   * @param userIds the users; every connection of each
   * @param excludedConnections connections of those users that are left out
   */
  record Users(Set<String> userIds, Set<String> excludedConnections) implements SendTarget {
    public Users {
      userIds = Set.copyOf(userIds);
      excludedConnections = Set.copyOf(excludedConnections);
    }

    /** The same users, leaving out {@code connectionIds}. */
    public Users except(Collection<String> connectionIds) {
      return new Users(userIds, Set.copyOf(connectionIds));
    }
  }

  /** A short text for logs and errors (names only, never message content). */
  static String describe(SendTarget target) {
    Objects.requireNonNull(target, "target");
    if (target instanceof All a) {
      return a.excludedConnections().isEmpty() ? "all" : "all except " + a.excludedConnections();
    } else if (target instanceof Connections c) {
      return "connections " + c.connectionIds();
    } else if (target instanceof Groups g) {
      return "groups " + g.groups();
    }
    return "users " + ((Users) target).userIds();
  }
}
