package dev.hubbub.server.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The open connections of one hub: an array in which each connection keeps its own index, so that joining and
 * leaving allocate nothing and an idle connection costs the set one array slot (a {@code ConcurrentHashMap} kept
 * a 32-byte node and its share of the table per connection). Thread-safe; joining and leaving take a short lock,
 * which a hub's connects and disconnects can afford (reads of the set are rare: a count and a shutdown's list).
 * The array halves when it is a quarter full, so a burst of connections that has gone does not keep its peak.
 */
final class HubConnectionSet {
  private static final int MIN_CAPACITY = 16;
  private HubConnection[] members = new HubConnection[MIN_CAPACITY]; // guarded by this
  private volatile int size; // written under the lock, read without it

  /** Adds {@code c} unless it is in already. */
  synchronized void add(HubConnection c) {
    if (c.setSlot >= 0) {
      return;
    }
    int n = size;
    if (n == members.length) {
      members = Arrays.copyOf(members, n * 2);
    }
    members[n] = c;
    c.setSlot = n;
    size = n + 1;
  }

  /** Removes {@code c} if it is in: the last member takes its place. */
  synchronized void remove(HubConnection c) {
    int slot = c.setSlot;
    int last = size - 1;
    if (slot < 0 || slot > last || members[slot] != c) {
      return;
    }
    HubConnection moved = members[last];
    members[slot] = moved;
    moved.setSlot = slot;
    members[last] = null;
    c.setSlot = -1;
    size = last;
    if (members.length > MIN_CAPACITY && last < members.length / 4) {
      members = Arrays.copyOf(members, members.length / 2);
    }
  }

  int size() {
    return size;
  }

  /** The members now, in no particular order. */
  synchronized List<HubConnection> snapshot() {
    return List.of(Arrays.copyOf(members, size));
  }

  /** How many members the array has room for (for tests). */
  synchronized int capacity() {
    return members.length;
  }
}
