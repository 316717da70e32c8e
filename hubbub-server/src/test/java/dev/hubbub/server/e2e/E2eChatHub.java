package dev.hubbub.server.e2e;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The hub the end-to-end tests drive with the official client. */
public class E2eChatHub extends Hub {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "e2e-timer");
    t.setDaemon(true);
    return t;
  });

  public record Point(double x, double y, String label) {}

  public record Stamped(String label, Instant at) {}

  @Override
  public void onConnected() {
    clients().group("observers").send("event", "connected", context().connectionId(), context().userIdentifier());
  }

  @Override
  public void onDisconnected(@Nullable Throwable error) {
    clients().group("observers").send("event", "disconnected", context().connectionId(), null);
  }

  public void observe() {
    groups().add(context().connectionId(), "observers").join();
  }

  public String echo(String message) {
    return message;
  }

  public CompletableFuture<Integer> add(int a, int b) {
    return CompletableFuture.completedFuture(a + b);
  }

  public Point mirror(Point p) {
    return new Point(-p.x(), -p.y(), p.label() + "!");
  }

  public @Nullable String nothing() {
    return null;
  }

  public void fail(String message) {
    throw new HubException(message);
  }

  public void failHidden() {
    throw new IllegalStateException("secret");
  }

  public void broadcast(String message) {
    clients().all().send("message", context().connectionId(), message);
  }

  public void join(String group) {
    groups().add(context().connectionId(), group).join();
  }

  public void leave(String group) {
    groups().remove(context().connectionId(), group).join();
  }

  public void sendToGroup(String group, String message) {
    clients().group(group).send("message", context().connectionId(), message);
  }

  public @Nullable String whoAmI() {
    return context().userIdentifier();
  }

  public void sendToUser(String user, String message) {
    clients().user(user).send("message", context().connectionId(), message);
  }

  /** {@code count} numbers, one every {@code delayMs}, produced once the server subscribes. */
  public Flow.Publisher<Integer> counter(int count, int delayMs) {
    return subscriber -> {
      SubmissionPublisher<Integer> out = new SubmissionPublisher<>();
      out.subscribe(subscriber);
      for (int i = 0; i < count; i++) {
        int n = i;
        TIMER.schedule(() -> out.submit(n), (long) delayMs * i, TimeUnit.MILLISECONDS);
      }
      TIMER.schedule(out::close, (long) delayMs * count, TimeUnit.MILLISECONDS);
    };
  }

  /** Sums an uploaded stream read as a publisher. */
  public CompletableFuture<Integer> sum(Flow.Publisher<Integer> numbers) {
    CompletableFuture<Integer> total = new CompletableFuture<>();
    numbers.subscribe(new Flow.Subscriber<>() {
      private int sum;
      @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
      @Override public void onNext(Integer item) { sum += item; }
      @Override public void onError(Throwable e) { total.completeExceptionally(e); }
      @Override public void onComplete() { total.complete(sum); }
    });
    return total;
  }

  /** Collects an uploaded stream read as a blocking iterable, then broadcasts it to the caller. */
  public void collect(Iterable<String> words) {
    StringBuilder all = new StringBuilder();
    for (String w : words) {
      all.append(w);
    }
    clients().caller().send("collected", all.toString());
  }

  /** A date {@code millis} later: a JS Date in and out (MessagePack timestamps; ISO-8601 text in JSON). */
  public Instant later(Instant when, int millis) {
    return when.plusMillis(millis);
  }

  /** The same through {@link Date}. */
  public Date laterDate(Date when, int millis) {
    return new Date(when.getTime() + millis);
  }

  /** The same through {@link OffsetDateTime}, kept at its offset. */
  public OffsetDateTime laterOffset(OffsetDateTime when, int millis) {
    return when.plusNanos(millis * 1_000_000L);
  }

  /** A date nested in an object. */
  public Stamped stamp(String label, Instant at) {
    return new Stamped(label, at);
  }

  /** Asks the caller for a date (a client result) and returns it a second later. */
  public CompletableFuture<Instant> askTime() {
    return clients().caller().invoke(Instant.class, "getTime").thenApply(t -> t.plusSeconds(1));
  }

  /** A java.util.stream.Stream, pulled as the client takes items. */
  public java.util.stream.Stream<Integer> squares(int n) {
    return java.util.stream.IntStream.range(0, n).map(i -> i * i).boxed();
  }

  /** An Iterable (exactly that type is a stream; a List would be a value). */
  public Iterable<String> letters(String word) {
    return () -> word.chars().mapToObj(c -> String.valueOf((char) c)).iterator();
  }

  /**
   * An endless stream that watches its cancellation: when the client cancels, the caller is told it saw it. An
   * item every 5 ms, as a ticker would: unpaced, it would fill the sockets' buffers (megabytes on loopback)
   * before the client's cancel arrives, and the "cancelled" message would queue behind all of that.
   */
  public java.util.stream.Stream<Integer> untilCancelled(dev.hubbub.server.StreamCancellation cancellation) {
    dev.hubbub.server.SingleClientProxy caller = clients().caller();
    cancellation.onCancel(() -> caller.send("cancelled", "untilCancelled"));
    return java.util.stream.Stream.iterate(0, i -> !cancellation.isCancelled(), i -> i + 1).peek(i -> {
      if (i > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
    });
  }

  /** Asks the caller for its name (a client result). */
  public CompletableFuture<String> askName() {
    return clients().caller().invoke(String.class, "getName").thenApply(name -> "Hello, " + name);
  }
}
