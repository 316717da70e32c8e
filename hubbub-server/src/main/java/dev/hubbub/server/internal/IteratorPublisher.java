package dev.hubbub.server.internal;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A hub method's {@code Stream}, {@code Iterable} or {@code Iterator} as a publisher: items are pulled on the
 * hub's worker threads as the subscriber requests them (the iteration may block: it is hub code), one pull at a
 * time. The source is closed ({@link AutoCloseable}, e.g. a {@code Stream}) when it ends, fails or is cancelled.
 */
final class IteratorPublisher implements Flow.Publisher<Object> {
  private final Iterator<?> items;
  private final @Nullable AutoCloseable source;
  private final Executor executor;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  IteratorPublisher(Iterator<?> items, @Nullable AutoCloseable source, Executor executor) {
    this.items = items;
    this.source = source;
    this.executor = executor;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Object> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
      });
      subscriber.onError(new IllegalStateException("A hub method's stream can be subscribed to once"));
      return;
    }
    subscriber.onSubscribe(new Pull(subscriber));
  }

  private final class Pull implements Flow.Subscription {
    private final Flow.Subscriber<? super Object> subscriber;
    private final AtomicLong demand = new AtomicLong();
    // The number of requests not yet served by a running drain: one drain at a time, none lost.
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean cancelled;

    Pull(Flow.Subscriber<? super Object> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        cancelled = true;
        finish(new IllegalArgumentException("Subscription.request needs a positive count, was " + n));
        return;
      }
      demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      if (pending.getAndIncrement() == 0) {
        executor.execute(this::drain);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      if (pending.getAndIncrement() == 0) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      int missed = 1;
      while (true) {
        try {
          while (!cancelled && !done.get() && demand.get() > 0) {
            if (!items.hasNext()) {
              finish(null);
              return;
            }
            Object item = items.next();
            demand.decrementAndGet();
            subscriber.onNext(item);
          }
        } catch (RuntimeException | Error e) {
          finish(e);
          return;
        }
        if (cancelled) {
          close();
          return;
        }
        missed = pending.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void finish(@Nullable Throwable error) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      close();
      if (error == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(error);
      }
    }

    private void close() {
      AutoCloseable s = source;
      if (s != null) {
        try {
          s.close();
        } catch (Exception e) {
          // the stream is over either way; a failing close() changes nothing the client sees
        }
      }
    }
  }
}
