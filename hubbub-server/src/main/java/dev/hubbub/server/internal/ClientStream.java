package dev.hubbub.server.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A stream the client uploads (its items arrive as StreamItem messages with the stream id), handed to the
 * hub method either as a {@link Flow.Publisher} (one subscriber, items signalled on the executor as the
 * subscriber requests them) or as a blocking {@link Iterable} (one iteration).
 *
 * <p>Items are offered on the network thread and never block it: they wait here until taken. Each item
 * waiting counts against the connection's pending-message limit through {@code taken}.
 */
final class ClientStream implements Flow.Publisher<Object>, Iterable<Object> {
  private static final Object END = new Object();

  private final String streamId;
  /** The Java type uploaded items are bound to; set when the hub method is about to run. */
  volatile java.lang.reflect.@Nullable Type itemType;
  private final Executor executor;
  private final IntConsumer taken;
  // Guarded by this.
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  private @Nullable Throwable error;
  private boolean ended;
  private boolean consumed;
  private Flow.@Nullable Subscriber<? super Object> subscriber;
  private long demand;
  private boolean draining;
  private boolean cancelled;

  ClientStream(String streamId, Executor executor, IntConsumer taken) {
    this.streamId = streamId;
    this.executor = executor;
    this.taken = taken;
  }

  String streamId() {
    return streamId;
  }

  /** An item from the client; ignored after the end. Null items are allowed. */
  void offer(@Nullable Object item) {
    synchronized (this) {
      if (ended || cancelled) {
        taken.accept(1);
        return;
      }
      items.add(item == null ? NullItem.INSTANCE : item);
      notifyAll();
    }
    schedule();
  }

  /** The client ended the stream: normally ({@code failure} null) or with an error. */
  void complete(@Nullable Throwable failure) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      error = failure;
      items.add(END);
      notifyAll();
    }
    schedule();
  }

  /** Items waiting to be taken. */
  synchronized int waiting() {
    return ended ? items.size() - 1 : items.size();
  }

  // ---- Flow.Publisher

  @Override
  public void subscribe(Flow.Subscriber<? super Object> s) {
    synchronized (this) {
      if (consumed) {
        executor.execute(() -> {
          s.onSubscribe(new Flow.Subscription() {
            @Override public void request(long n) {}
            @Override public void cancel() {}
          });
          s.onError(new IllegalStateException("Stream " + streamId + " can be consumed only once"));
        });
        return;
      }
      consumed = true;
      subscriber = s;
    }
    executor.execute(() -> {
      s.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          if (n <= 0) {
            return;
          }
          synchronized (ClientStream.this) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          }
          schedule();
        }

        @Override
        public void cancel() {
          int dropped;
          synchronized (ClientStream.this) {
            cancelled = true;
            dropped = waiting();
            items.clear();
          }
          taken.accept(dropped);
        }
      });
    });
  }

  private void schedule() {
    synchronized (this) {
      if (subscriber == null || draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  /** Signals what the subscriber asked for, one drain at a time, so signals are serial. */
  private void drain() {
    while (true) {
      Object item;
      Flow.Subscriber<? super Object> s;
      synchronized (this) {
        s = subscriber;
        if (s == null || cancelled || items.isEmpty() || (demand == 0 && items.peek() != END)) {
          draining = false;
          return;
        }
        item = items.poll();
        if (item != END) {
          demand--;
        }
      }
      if (item == END) {
        Throwable e;
        synchronized (this) {
          e = error;
          cancelled = true;
        }
        if (e == null) {
          s.onComplete();
        } else {
          s.onError(e);
        }
        continue;
      }
      taken.accept(1);
      s.onNext(item == NullItem.INSTANCE ? null : item);
    }
  }

  // ---- Iterable (blocking)

  @Override
  public Iterator<Object> iterator() {
    synchronized (this) {
      if (consumed) {
        throw new IllegalStateException("Stream " + streamId + " can be consumed only once");
      }
      consumed = true;
    }
    return new Iterator<>() {
      private @Nullable Object next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (done) {
          return false;
        }
        if (next != null) {
          return true;
        }
        Throwable e;
        synchronized (ClientStream.this) {
          while (items.isEmpty()) {
            try {
              ClientStream.this.wait();
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("Interrupted while waiting for stream " + streamId, ie);
            }
          }
          Object item = items.peek();
          if (item != END) {
            next = items.poll();
            taken.accept(1);
            return true;
          }
          done = true;
          e = error;
        }
        if (e instanceof RuntimeException re) {
          throw re;
        }
        if (e != null) {
          throw new IllegalStateException(e);
        }
        return false;
      }

      @Override
      public @Nullable Object next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object item = next;
        next = null;
        return item == NullItem.INSTANCE ? null : item;
      }
    };
  }

  private enum NullItem { INSTANCE }
}
