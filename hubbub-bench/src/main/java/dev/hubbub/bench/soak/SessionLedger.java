package dev.hubbub.bench.soak;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What one client connection should receive and what it did receive, per sender: the check behind the soak's
 * figures. A sender registers each message with the connections that must get it <em>before</em> sending it;
 * the connection's reader reports each arrival; a sweep counts as lost what is still missing after the loss
 * timeout. Order is checked per sender, as SignalR keeps it for one sender's messages to one connection.
 *
 * <p>Thread-safe: senders, the connection's event loop and the sweep share it under its monitor.
 */
final class SessionLedger {
  /** Received sequence numbers remembered per sender to tell a duplicate from a late arrival. */
  private static final int RECENT = 64;

  private final Map<String, PerSender> senders = new HashMap<>();
  private boolean closedForExpectations;
  private long outstanding;

  /** Counts since the last {@link #drainCounts}; read and reset by the sweep. */
  private long delivered;
  private long lost;
  private long duplicated;
  private long outOfOrder;
  private long unexpected;
  /** How the last out-of-order arrival looked, for the run's samples; taken by {@link #takeDisorder}. */
  private @org.jspecify.annotations.Nullable String disorder;

  private static final class PerSender {
    final ArrayDeque<long[]> expected = new ArrayDeque<>(); // {seq, sentNanos}, ascending seq
    final long[] recent = new long[RECENT];
    int recentCount;
    long maxSeen = -1;

    boolean recentlySeen(long seq) {
      int n = Math.min(recentCount, RECENT);
      for (int i = 0; i < n; i++) {
        if (recent[i] == seq) {
          return true;
        }
      }
      return false;
    }

    void remember(long seq) {
      recent[recentCount++ % RECENT] = seq;
      maxSeen = Math.max(maxSeen, seq);
    }
  }

  /**
   * Registers that message {@code seq} of {@code sender} must arrive here.
   *
   * @return false once {@link #stopExpecting} was called: the connection is leaving and must not count
   */
  synchronized boolean expect(String sender, long seq, long sentNanos) {
    if (closedForExpectations) {
      return false;
    }
    senders.computeIfAbsent(sender, s -> new PerSender()).expected.addLast(new long[] {seq, sentNanos});
    outstanding++;
    return true;
  }

  /** Withdraws an expectation whose send failed (the message may or may not have gone out). */
  synchronized void withdraw(String sender, long seq) {
    PerSender p = senders.get(sender);
    if (p == null) {
      return;
    }
    for (Iterator<long[]> it = p.expected.iterator(); it.hasNext(); ) {
      if (it.next()[0] == seq) {
        it.remove();
        outstanding--;
        // should it still arrive, it counts as unexpected; failed sends are reported on their own
        return;
      }
    }
  }

  /** No expectation is added from now on; those registered still count. */
  synchronized void stopExpecting() {
    closedForExpectations = true;
  }

  synchronized long outstanding() {
    return outstanding;
  }

  /**
   * Records an arrival.
   *
   * @return the latency in nanoseconds when the message was expected, else -1
   */
  synchronized long arrived(String sender, long seq, long sentNanos, long nowNanos) {
    PerSender p = senders.computeIfAbsent(sender, s -> new PerSender());
    long latency = -1;
    boolean wasExpected = false;
    for (Iterator<long[]> it = p.expected.iterator(); it.hasNext(); ) {
      long[] e = it.next();
      if (e[0] == seq) {
        it.remove();
        outstanding--;
        wasExpected = true;
        break;
      }
      if (e[0] > seq) {
        break;
      }
    }
    if (wasExpected) {
      delivered++;
      latency = nowNanos - sentNanos;
      if (seq < p.maxSeen) {
        outOfOrder++;
        disorder = "message " + seq + " of " + sender + " arrived after " + p.maxSeen + " (expected)";
      }
    } else if (p.recentlySeen(seq)) {
      duplicated++;
    } else if (seq < p.maxSeen) {
      // not expected and behind a later one: a late arrival after it counted as lost, or reordered
      outOfOrder++;
      disorder = "message " + seq + " of " + sender + " arrived after " + p.maxSeen + " (not expected)";
    } else {
      // sent while this connection was joining: it may or may not get it, so it is not checked
      unexpected++;
    }
    p.remember(seq);
    return latency;
  }

  /** Counts as lost every expectation sent before {@code deadlineNanos} that has not arrived. */
  synchronized void sweep(long sentBeforeNanos) {
    for (PerSender p : senders.values()) {
      while (!p.expected.isEmpty() && p.expected.peekFirst()[1] < sentBeforeNanos) {
        p.expected.pollFirst();
        outstanding--;
        lost++;
      }
    }
  }

  /** Counts everything still outstanding as lost (the end of the run, after the drain). */
  synchronized void sweepAll() {
    sweep(Long.MAX_VALUE);
  }

  /** Adds the counts since the last call to {@code into} and resets them. */
  synchronized void drainCounts(SoakCounts into) {
    into.delivered += delivered;
    into.lost += lost;
    into.duplicated += duplicated;
    into.outOfOrder += outOfOrder;
    into.unexpected += unexpected;
    delivered = lost = duplicated = outOfOrder = unexpected = 0;
  }

  /** The last out-of-order arrival's description since the previous call, or null. */
  synchronized @org.jspecify.annotations.Nullable String takeDisorder() {
    String d = disorder;
    disorder = null;
    return d;
  }
}
