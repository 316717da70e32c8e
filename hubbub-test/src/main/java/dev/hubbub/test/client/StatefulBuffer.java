package dev.hubbub.test.client;

import dev.hubbub.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping of stateful reconnect on one connection. Sending: trackable messages get ids from 1 and are kept
 * until the server acknowledges them, at most {@code limit} bytes; past it new ones are held back until an Ack
 * makes room. Receiving: trackable messages are counted, duplicates after a reconnect (ids not above the latest
 * received) skipped, and nothing is taken between a reconnect and the server's Sequence message.
 *
 * <p>The sending side is guarded by the owning {@link Link}'s write lock; the receiving side is used by its
 * inbound executor only.
 */
final class StatefulBuffer {
  private final int limit;

  // sending side (guarded by the link's write lock)
  private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long unackedBytes;
  private long sentTotal;

  // receiving side (inbound executor only)
  private long latestReceived;
  private long cursor;
  private boolean awaitingSequence;
  private long lastAcked;

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  record Sent(long id, byte[] bytes) {}

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  record Held(byte[] bytes, CompletableFuture<Void> done) {}

  StatefulBuffer(int limit) {
    this.limit = limit;
  }

  /** Keeps {@code bytes} as the next sent message; false when it must wait for room (then call {@link #hold}). */
  boolean admit(byte[] bytes) {
    if (!held.isEmpty() || unackedBytes >= limit) {
      return false;
    }
    unacked.add(new Sent(++sentTotal, bytes));
    unackedBytes += bytes.length;
    return true;
  }

  void hold(byte[] bytes, CompletableFuture<Void> done) {
    held.add(new Held(bytes, done));
  }

  /** Frees what the server acknowledged; returns the held messages that now fit, admitted, in order. */
  List<Held> ack(long id) {
    while (!unacked.isEmpty() && unacked.peek().id() <= id) {
      unackedBytes -= unacked.poll().bytes().length;
    }
    List<Held> released = new ArrayList<>();
    while (!held.isEmpty() && unackedBytes < limit) {
      Held h = held.poll();
      unacked.add(new Sent(++sentTotal, h.bytes()));
      unackedBytes += h.bytes().length;
      released.add(h);
    }
    return released;
  }

  /** The id of the first message the server may not have: what the Sequence message after a reconnect says. */
  long firstUnacked() {
    Sent first = unacked.peek();
    return first == null ? sentTotal + 1 : first.id();
  }

  /** The messages to send again after a reconnect, in order. */
  List<byte[]> unackedMessages() {
    List<byte[]> list = new ArrayList<>(unacked.size());
    unacked.forEach(s -> list.add(s.bytes()));
    return list;
  }

  /** Whether to handle an incoming trackable message (false: a duplicate, or before the Sequence). */
  boolean accept() {
    if (awaitingSequence) {
      return false;
    }
    cursor++;
    if (cursor <= latestReceived) {
      return false;
    }
    latestReceived = cursor;
    return true;
  }

  /** The server's Sequence: the id of the next message it sends. */
  void sequence(long id) throws ProtocolException {
    if (id > latestReceived + 1) {
      throw new ProtocolException("Sequence ID greater than amount of messages we've received (Sequence " + id
          + ", received " + latestReceived + ").");
    }
    cursor = id - 1;
    awaitingSequence = false;
  }

  /** The transport dropped: take nothing until the server's Sequence. */
  void disconnected() {
    awaitingSequence = true;
  }

  /** The id to acknowledge, or -1 when nothing new arrived since the last Ack. */
  long ackDue() {
    if (latestReceived > lastAcked) {
      lastAcked = latestReceived;
      return latestReceived;
    }
    return -1;
  }
}
