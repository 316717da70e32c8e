package dev.hubbub.test.client;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A stream to upload to the server, passed as an argument:
 * {@code UploadStream<Integer> numbers = UploadStream.create(); client.invokeAsync(Integer.class, "Sum", numbers);
 * numbers.send(1); numbers.send(2); numbers.complete();}. Items sent before the invocation go out right after it.
 * Any other {@link Flow.Publisher} argument is uploaded the same way. Thread-safe; one subscriber.
 *
 * @param <T> the item type
 */
public final class UploadStream<T> implements Flow.Publisher<T> {
  private final ArrayDeque<Signal<T>> queue = new ArrayDeque<>(); // guarded by this
  private Flow.@Nullable Subscriber<? super T> subscriber; // guarded by this
  private long demand; // guarded by this
  private boolean ended; // guarded by this: complete() or error() was called
  private boolean draining; // guarded by this

  private record Signal<T>(@Nullable T item, boolean complete, @Nullable String error) {}

  private UploadStream() {}

  /** A new, empty stream. */
  public static <T> UploadStream<T> create() {
    return new UploadStream<>();
  }

  /** Uploads one item (null items cannot be uploaded). */
  public void send(T item) {
    signal(new Signal<>(Objects.requireNonNull(item, "item"), false, null));
  }

  /** Ends the upload normally (a Completion without error). */
  public void complete() {
    signal(new Signal<>(null, true, null));
  }

  /** Ends the upload with an error; the server sees {@code HubException(message)}. */
  public void error(String message) {
    signal(new Signal<>(null, true, Objects.requireNonNull(message, "message")));
  }

  private void signal(Signal<T> s) {
    synchronized (this) {
      if (ended) {
        throw new IllegalStateException("The upload stream has already ended");
      }
      ended = s.complete;
      queue.add(s);
    }
    drain();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    synchronized (this) {
      if (subscriber != null) {
        throw new IllegalStateException("An UploadStream can be passed to one invocation only");
      }
      subscriber = s;
    }
    s.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        synchronized (UploadStream.this) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
        drain();
      }

      @Override
      public void cancel() {
        synchronized (UploadStream.this) {
          demand = 0;
          queue.clear();
          ended = true;
        }
      }
    });
    drain();
  }

  private void drain() {
    while (true) {
      Signal<T> next;
      Flow.Subscriber<? super T> s;
      synchronized (this) {
        s = subscriber;
        if (draining || s == null || queue.isEmpty()) {
          return;
        }
        Signal<T> head = queue.peek();
        if (!head.complete && demand == 0) {
          return;
        }
        next = queue.poll();
        if (!next.complete) {
          demand--;
        }
        draining = true;
      }
      try {
        if (!next.complete) {
          s.onNext(Objects.requireNonNull(next.item));
        } else if (next.error == null) {
          s.onComplete();
        } else {
          s.onError(new UploadFailedException(next.error));
        }
      } finally {
        synchronized (this) {
          draining = false;
        }
      }
    }
  }

  /** The error an {@link UploadStream} ends with; its message goes to the server. */
  static final class UploadFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UploadFailedException(String message) {
      super(message);
    }
  }
}
