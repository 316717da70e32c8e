package dev.hubbub.bench.load;

import org.jspecify.annotations.Nullable;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Open-loop sends (REST requests or hub invocations): send {@code i} is due at {@code start + i / rate},
 * whatever the replies do. Each carries its due time as the timestamp, so a sender that falls behind shows up
 * as latency (no coordinated omission) and as a backlog. Runs on the sender's loop: a 1 ms tick plus every
 * time the sender frees up.
 */
final class SendSchedule {
  /** Where sends go. Called on {@link #loop()} only. */
  interface Sender {
    EventLoop loop();

    /** Called whenever the sender may take a send again after refusing one. */
    void onFree(Runnable pump);

    /**
     * Writes send {@code index}, whose timestamp argument is {@code dueNanos}; {@code replied} gets the HTTP status
     * (2xx: accepted; -1: the connection failed) once known, possibly before this returns.
     *
     * @return false when nothing can be written now (the send stays due)
     */
    boolean trySend(int index, long dueNanos, RestClient.Callback replied);
  }

  /** REST sends to {@code pathOfSend}, one request in flight per keep-alive connection of {@code client}. */
  static Sender rest(RestClient client, RestRequests requests, IntFunction<String> pathOfSend) {
    return new Sender() {
      @Override
      public EventLoop loop() {
        return client.loop();
      }

      @Override
      public void onFree(Runnable pump) {
        client.onFree(pump);
      }

      @Override
      public boolean trySend(int index, long dueNanos, RestClient.Callback replied) {
        return client.trySend(requests.send(ByteBufAllocator.DEFAULT, pathOfSend.apply(index), dueNanos), replied);
      }
    };
  }

  private final Sender client;
  private final IntFunction<Integer> recipientsOfSend;
  private final long start;
  private final long end;
  private final long windowStart;
  private final double intervalNanos;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private @Nullable ScheduledFuture<?> tick;

  // Loop-confined; read after finished completes.
  long issued;
  /** Sends written while the window was open (by wall clock, whatever their due time). */
  long writtenInWindow;
  /** Sends answered 2xx while the window was open. */
  long acceptedInWindow;
  long accepted;
  long rejected;
  long failed;
  int lastBadStatus;
  /** Deliveries the accepted sends call for. */
  long expectedDeliveries;
  /** Largest delay between a send's due time and its write, in ns. */
  long maxLagNanos;
  /** Sends written more than 10 ms after their due time. */
  long lateSends;
  /** Sends due by the end that were never written (the sender could not keep up). */
  long missed;
  private long outstanding;
  private boolean stopped;

  SendSchedule(Sender client, int rate, long start, long windowStart, long end,
      IntFunction<Integer> recipientsOfSend) {
    this.client = client;
    this.recipientsOfSend = recipientsOfSend;
    this.start = start;
    this.windowStart = windowStart;
    this.end = end;
    this.intervalNanos = 1e9 / rate;
  }

  /** Starts sending; the future completes once the schedule ended and every reply came back. */
  CompletableFuture<Void> run() {
    client.loop().execute(() -> {
      client.onFree(this::pump);
      tick = client.loop().scheduleAtFixedRate(this::pump, Math.max(0, start - System.nanoTime()), 1_000_000,
          TimeUnit.NANOSECONDS);
    });
    return finished;
  }

  private void pump() {
    if (stopped) {
      maybeFinished();
      return;
    }
    long now = System.nanoTime();
    if (now < start) {
      return;
    }
    long due = Math.min((long) ((now - start) / intervalNanos) + 1, (long) Math.ceil((end - start) / intervalNanos));
    while (issued < due) {
      long intended = start + (long) (issued * intervalNanos);
      int index = (int) issued;
      int recipients = recipientsOfSend.apply(index);
      outstanding++; // before the write: a sender may reply at once
      if (!client.trySend(index, intended, status -> replied(status, recipients))) {
        outstanding--;
        break;
      }
      issued++;
      if (now >= windowStart && now < end) {
        writtenInWindow++;
      }
      long lag = now - intended;
      maxLagNanos = Math.max(maxLagNanos, lag);
      if (lag > 10_000_000L) {
        lateSends++;
      }
    }
    if (now >= end) {
      stopped = true;
      missed = due - issued;
      ScheduledFuture<?> t = tick;
      if (t != null) {
        t.cancel(false);
      }
      maybeFinished();
    }
  }

  private void replied(int status, int recipients) {
    outstanding--;
    if (status >= 200 && status < 300) {
      accepted++;
      long now = System.nanoTime();
      if (now >= windowStart && now < end) {
        acceptedInWindow++;
      }
      expectedDeliveries += recipients;
    } else if (status < 0) {
      failed++;
    } else {
      rejected++;
      lastBadStatus = status;
    }
    if (stopped) {
      maybeFinished();
    }
  }

  private void maybeFinished() {
    if (outstanding == 0 && !finished.isDone()) {
      finished.complete(null);
    }
  }
}
