package dev.hubbub.test.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Every message the server sent to one target of one client, in arrival order: {@code client.on("newMessage")}.
 * Recording starts when the client connects, whether or not {@code on} was called yet, so no message is lost to a
 * race between the server's send and the test's {@code on}. Targets are matched ignoring case, as the official
 * clients do.
 *
 * <p>Two views: a queue that {@link #awaitNext()} consumes in order (each message once), and the full history
 * {@link #recorded()} for AssertJ. Waits end early, with an {@link AssertionError} saying so, when the client closes
 * for good. At most {@link HubTestClientOptions#maxRecordedMessages()} messages are kept; past that the recorder
 * stops recording and every call reports the overflow (call {@link #clear()} to go on). Thread-safe.
 */
public final class MessageRecorder {
  private final String target;
  private final int limit;
  private final Duration defaultTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<ReceivedMessage> messages = new ArrayList<>(); // guarded by lock
  private int consumed; // guarded by lock
  private boolean overflowed; // guarded by lock
  private boolean terminated; // guarded by lock: the client closed for good
  private @Nullable Throwable closeError; // guarded by lock

  MessageRecorder(String target, int limit, Duration defaultTimeout) {
    this.target = target;
    this.limit = limit;
    this.defaultTimeout = defaultTimeout;
  }

  /** The target as first named (by the server or by {@code on}). */
  public String target() {
    return target;
  }

  void record(ReceivedMessage message) {
    lock.lock();
    try {
      if (overflowed) {
        return;
      }
      if (messages.size() >= limit) {
        overflowed = true;
      } else {
        messages.add(message);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void terminate(@Nullable Throwable error) {
    lock.lock();
    try {
      terminated = true;
      closeError = error;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void reopen() {
    lock.lock();
    try {
      terminated = false;
      closeError = null;
    } finally {
      lock.unlock();
    }
  }

  /** The next message not consumed yet, waiting up to the client's default timeout. */
  public ReceivedMessage awaitNext() {
    return awaitNext(defaultTimeout);
  }

  /**
   * The next message not consumed yet, waiting up to {@code timeout}.
   *
   * @throws AssertionError when none arrives in time (naming what did arrive) or the client closed for good
   */
  public ReceivedMessage awaitNext(Duration timeout) {
    return awaitNext(1, timeout).get(0);
  }

  /** The next {@code count} messages not consumed yet, waiting up to the client's default timeout. */
  public List<ReceivedMessage> awaitNext(int count) {
    return awaitNext(count, defaultTimeout);
  }

  /**
   * The next {@code count} messages not consumed yet, waiting up to {@code timeout} for all of them.
   *
   * @throws AssertionError when they do not all arrive in time or the client closed for good; nothing is
   *     consumed then
   */
  public List<ReceivedMessage> awaitNext(int count, Duration timeout) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        checkOverflow();
        if (messages.size() - consumed >= count) {
          List<ReceivedMessage> next = new ArrayList<>(messages.subList(consumed, consumed + count));
          consumed += count;
          return next;
        }
        if (terminated) {
          throw new AssertionError("Expected " + count + " more '" + target + "' message(s) but the client closed"
              + (closeError == null ? "" : " (" + closeError.getMessage() + ")") + " after "
              + (messages.size() - consumed) + " more arrived; received: " + messages, closeError);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected " + count + " more '" + target + "' message(s) within "
              + timeout.toMillis() + " ms but " + (messages.size() - consumed) + " arrived; received so far: "
              + messages);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for '" + target + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /** Every message received so far (consumed or not), in order. */
  public List<ReceivedMessage> recorded() {
    lock.lock();
    try {
      checkOverflow();
      return List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The arguments of every message received so far, each as plain Java values (see
   * {@link ReceivedMessage#arguments()}): {@code assertThat(on("m").recordedArguments()).containsExactly(List.of("a",
   * 1), List.of("b", 2))}.
   */
  public List<List<@Nullable Object>> recordedArguments() {
    List<List<@Nullable Object>> all = new ArrayList<>();
    for (ReceivedMessage m : recorded()) {
      all.add(m.arguments());
    }
    return all;
  }

  /** How many messages were received (consumed or not). */
  public int count() {
    lock.lock();
    try {
      checkOverflow();
      return messages.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails unless every received message was consumed by {@code awaitNext}; call it after a later message (or a
   * completed invocation) that the server sent after the ones that must not come.
   *
   * @throws AssertionError listing the messages nobody awaited
   */
  public void assertNoMore() {
    lock.lock();
    try {
      checkOverflow();
      if (consumed < messages.size()) {
        throw new AssertionError("Expected no more '" + target + "' messages but got "
            + messages.subList(consumed, messages.size()));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every message and a past overflow. */
  public void clear() {
    lock.lock();
    try {
      messages.clear();
      consumed = 0;
      overflowed = false;
    } finally {
      lock.unlock();
    }
  }

  private void checkOverflow() {
    if (overflowed) {
      throw new IllegalStateException("More than " + limit + " '" + target + "' messages arrived; the recorder "
          + "keeps " + limit + " (maxRecordedMessages) and dropped the rest. Consume or clear() them, or raise "
          + "HubTestClientOptions.maxRecordedMessages.");
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "MessageRecorder[" + target + ", received=" + messages.size() + ", consumed=" + consumed + "]";
    } finally {
      lock.unlock();
    }
  }
}
