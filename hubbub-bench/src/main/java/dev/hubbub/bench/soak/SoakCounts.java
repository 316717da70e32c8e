package dev.hubbub.bench.soak;

/** Delivery counts, for one interval or the whole soak. Confined to the thread that sweeps. */
final class SoakCounts {
  long delivered;
  long lost;
  long duplicated;
  long outOfOrder;
  /** Arrivals a connection was not counted for: sent while it was joining (connection or group). */
  long unexpected;

  void add(SoakCounts other) {
    delivered += other.delivered;
    lost += other.lost;
    duplicated += other.duplicated;
    outOfOrder += other.outOfOrder;
    unexpected += other.unexpected;
  }

  boolean clean() {
    return lost == 0 && duplicated == 0 && outOfOrder == 0;
  }
}
