package dev.hubbub.test.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.RawValue;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A stream from the server ({@code client.stream(Integer.class, "Counter", 10)}): its items, bound to the item
 * type, and how it ended. {@link #awaitNext()} consumes items in order; {@link #awaitCompletion()} waits for the
 * end and returns every item. Keeps at most {@link HubTestClientOptions#maxRecordedMessages()} items. Thread-safe.
 *
 * @param <T> the item type
 */
public final class ServerStream<T> {
  private final String target;
  private final String invocationId;
  private final Type itemType;
  private final ObjectMapper mapper;
  private final int limit;
  private final Duration defaultTimeout;
  private final Runnable cancel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<@Nullable T> items = new ArrayList<>(); // guarded by lock
  private int consumed; // guarded by lock
  private boolean done; // guarded by lock
  private @Nullable RuntimeException failure; // guarded by lock

  ServerStream(String target, String invocationId, Type itemType, ObjectMapper mapper, int limit,
      Duration defaultTimeout, Runnable cancel) {
    this.target = target;
    this.invocationId = invocationId;
    this.itemType = itemType;
    this.mapper = mapper;
    this.limit = limit;
    this.defaultTimeout = defaultTimeout;
    this.cancel = cancel;
  }

  String target() {
    return target;
  }

  /** The stream's invocation id. */
  public String invocationId() {
    return invocationId;
  }

  void item(RawValue raw) {
    T value;
    try {
      value = raw.bind(itemType, mapper);
    } catch (ArgumentBindingException e) {
      end(new IllegalArgumentException("Item " + items.size() + " of stream '" + target + "' (" + raw.toJsonString()
          + ") cannot be bound to " + itemType.getTypeName() + ": " + e.getMessage(), e));
      return;
    }
    lock.lock();
    try {
      if (done) {
        return;
      }
      if (items.size() >= limit) {
        done = true;
        failure = new IllegalStateException("Stream '" + target + "' sent more than " + limit + " items; the "
            + "client keeps " + limit + " (maxRecordedMessages). Raise HubTestClientOptions.maxRecordedMessages.");
      } else {
        items.add(value);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream: normally when {@code failure} is null. */
  void end(@Nullable RuntimeException error) {
    lock.lock();
    try {
      if (!done) {
        done = true;
        failure = error;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The next item not consumed yet, waiting up to the client's default timeout. */
  public @Nullable T awaitNext() {
    return awaitNext(defaultTimeout);
  }

  /**
   * The next item not consumed yet.
   *
   * @throws AssertionError when none arrives in time or the stream ended without one (the cause says how it ended)
   */
  public @Nullable T awaitNext(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (consumed >= items.size()) {
        if (done) {
          throw new AssertionError("Expected another item of stream '" + target + "' but it "
              + (failure == null ? "completed" : "failed: " + failure.getMessage()) + " after " + items.size()
              + " items: " + items, failure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected another item of stream '" + target + "' within " + timeout.toMillis()
              + " ms; received so far: " + items);
        }
        changed.awaitNanos(left);
      }
      return items.get(consumed++);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for stream '" + target + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to the client's default timeout for the end and returns every item. */
  public List<@Nullable T> awaitCompletion() {
    return awaitCompletion(defaultTimeout);
  }

  /**
   * Waits for the end of the stream and returns every item it sent.
   *
   * @throws HubInvocationException when the server ended it with an error
   * @throws ConnectionClosedException when the connection was lost first
   * @throws AssertionError when it did not end in time
   */
  public List<@Nullable T> awaitCompletion(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!done) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Stream '" + target + "' did not complete within " + timeout.toMillis()
              + " ms; received so far: " + items);
        }
        changed.awaitNanos(left);
      }
      if (failure != null) {
        throw failure;
      }
      return Collections.unmodifiableList(new ArrayList<>(items));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for stream '" + target + "'", e);
    } finally {
      lock.unlock();
    }
  }

  /** The items received so far. */
  public List<@Nullable T> items() {
    lock.lock();
    try {
      return Collections.unmodifiableList(new ArrayList<>(items));
    } finally {
      lock.unlock();
    }
  }

  /** Whether the stream ended (completed, failed, cancelled or lost with its connection). */
  public boolean isDone() {
    lock.lock();
    try {
      return done;
    } finally {
      lock.unlock();
    }
  }

  /** How the stream failed, or null while it runs or when it completed normally. */
  public @Nullable RuntimeException failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a CancelInvocation and ends the stream here at once (later items are ignored, as the official clients
   * do); {@link #awaitCompletion()} then returns the items received before.
   */
  public void cancel() {
    end(null);
    cancel.run();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ServerStream[" + target + "#" + invocationId + ", items=" + items.size() + ", done=" + done + "]";
    } finally {
      lock.unlock();
    }
  }
}
