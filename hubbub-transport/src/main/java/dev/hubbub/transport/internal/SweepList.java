package dev.hubbub.transport.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What one loop's sweep ticks: an array, each member keeping its own index, so that joining and leaving allocate
 * nothing (a {@code HashSet} kept a 32-byte node per member for as long as it lived, and made one per plain HTTP
 * socket). Confined to the loop. The array halves when it is a quarter full, so a burst of connections that has
 * gone does not keep its peak.
 */
final class SweepList<T extends SweepList.Member> {
  /** A member's index in the one list it belongs to, -1 when in none; read and written by the list only. */
  interface Member {
    int sweepSlot();

    void sweepSlot(int slot);
  }

  private static final int MIN_CAPACITY = 16;
  private Member[] members = new Member[MIN_CAPACITY];
  private int size;

  /** Adds {@code m} unless it is in already. */
  void add(T m) {
    if (m.sweepSlot() >= 0) {
      return;
    }
    if (size == members.length) {
      members = Arrays.copyOf(members, size * 2);
    }
    members[size] = m;
    m.sweepSlot(size++);
  }

  /** Removes {@code m} if it is in: the last member takes its place. */
  void remove(T m) {
    int slot = m.sweepSlot();
    if (slot < 0 || slot >= size || members[slot] != m) {
      return;
    }
    int last = --size;
    Member moved = members[last];
    members[slot] = moved;
    moved.sweepSlot(slot);
    members[last] = null;
    m.sweepSlot(-1);
    if (members.length > MIN_CAPACITY && size < members.length / 4) {
      members = Arrays.copyOf(members, members.length / 2);
    }
  }

  int size() {
    return size;
  }

  /** How many members the array has room for (for tests). */
  int capacity() {
    return members.length;
  }

  /**
   * Calls {@code action} for every member. A member may leave during its own call (the last takes its place, and
   * was visited already, as the walk runs from the end); one that another member's call removes is skipped if it
   * had not been visited, and a member that moves into a visited place because of such a removal may be visited
   * twice, which ticks tolerate (a tick looks at the clock and at deadlines, nothing more).
   */
  @SuppressWarnings("unchecked")
  void forEach(Consumer<? super T> action) {
    for (int i = size - 1; i >= 0; i--) {
      if (i < size) {
        action.accept((T) members[i]);
      }
    }
  }
}
