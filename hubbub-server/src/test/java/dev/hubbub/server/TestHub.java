package dev.hubbub.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A hub with one method per behaviour under test. Events go to a static queue the tests read. */
public class TestHub extends Hub {
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
  static volatile CountDownLatch gate = new CountDownLatch(0);

  public record Point(int x, int y) {}

  /** Components named as .NET properties are, and one named on the wire by annotation. */
  public record Seat(String Row, int Number,
      @com.fasterxml.jackson.annotation.JsonProperty("SEAT_CLASS") String seatClass) {}

  @Override
  public void onConnected() {
    EVENTS.add("connected " + context().connectionId() + " " + context().userIdentifier());
  }

  @Override
  public void onDisconnected(@Nullable Throwable error) {
    EVENTS.add("disconnected " + context().connectionId());
  }

  public Seat seat(Seat seat) {
    return new Seat(seat.Row() + "!", seat.Number() + 1, seat.seatClass());
  }

  public String echo(String s) {
    return s;
  }

  public CompletableFuture<Integer> add(int a, int b) {
    return CompletableFuture.supplyAsync(() -> a + b);
  }

  public int length(Point p) {
    return p.x() * p.x() + p.y() * p.y();
  }

  public void nothing() {
  }

  public CompletableFuture<Void> nothingLater() {
    return CompletableFuture.runAsync(() -> {});
  }

  public @Nullable String nothingToSay() {
    return null;
  }

  public String throwsPlain() {
    throw new IllegalStateException("boom");
  }

  public String throwsHub() {
    throw new HubException("You can see this");
  }

  public CompletableFuture<String> failsLater() {
    return CompletableFuture.failedFuture(new IllegalArgumentException("later"));
  }

  public void record(String s) {
    EVENTS.add("record " + s);
  }

  /** Records the value, then waits for the gate: invocations of one connection must not overlap. */
  public int ordered(int i) throws InterruptedException {
    gate.await(10, TimeUnit.SECONDS);
    Object previous = context().items().put("last", i);
    if (previous != null && (Integer) previous != i - 1) {
      throw new IllegalStateException("out of order: " + previous + " then " + i);
    }
    return i;
  }

  public void broadcast(String message) {
    clients().all().send("message", message);
  }

  public void toOthers(String message) {
    clients().others().send("message", message);
  }

  public void toCaller(String message) {
    clients().caller().send("message", message);
  }

  public void join(String group) {
    groups().add(context().connectionId(), group).join();
  }

  public void leave(String group) {
    groups().remove(context().connectionId(), group).join();
  }

  public void toGroup(String group, String message) {
    clients().group(group).send("message", message);
  }

  public void toOthersInGroup(String group, String message) {
    clients().othersInGroup(group).send("message", message);
  }

  public void toUser(String user, String message) {
    clients().user(user).send("message", message);
  }

  /** What the hub sees of the HTTP request that opened the connection. */
  public java.util.Map<String, @Nullable String> request() {
    HubHttpRequest r = context().httpRequest();
    java.util.Map<String, @Nullable String> m = new java.util.LinkedHashMap<>();
    m.put("path", r.path());
    m.put("room", r.queryParam("room"));
    m.put("header", r.header("x-app"));
    m.put("cookie", r.cookie("session"));
    m.put("transport", String.valueOf(r.transport()));
    m.put("remote", r.remoteAddress() == null ? null : r.remoteAddress().getAddress().getHostAddress());
    return m;
  }

  /** The names of the headers the connection kept, lower case, sorted. */
  public java.util.List<String> headerNames() {
    return context().httpRequest().headers().keySet().stream()
        .map(n -> n.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
  }

  public @Nullable String whoAmI() {
    return context().userIdentifier();
  }

  public Flow.Publisher<Integer> counter(int n) {
    return subscriber -> {
      SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
      publisher.subscribe(subscriber);
      CompletableFuture.runAsync(() -> {
        for (int i = 0; i < n; i++) {
          publisher.submit(i);
        }
        publisher.close();
      });
    };
  }

  /** Items {@link #firehose} has produced since a test reset it. */
  static final java.util.concurrent.atomic.AtomicLong FIREHOSE = new java.util.concurrent.atomic.AtomicLong();

  /** Never ends on its own, and produces as fast as it is asked: "index:" and a kilobyte of padding per item. */
  public java.util.stream.Stream<String> firehose(StreamCancellation cancellation) {
    String padding = "x".repeat(1024);
    return java.util.stream.Stream.iterate(0, i -> !cancellation.isCancelled(), i -> i + 1)
        .map(i -> {
          FIREHOSE.incrementAndGet();
          return i + ":" + padding;
        });
  }

  /** Never ends on its own: items until cancelled. */
  public Flow.Publisher<Integer> endless() {
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      private int next;
      private volatile boolean cancelled;

      @Override
      public void request(long n) {
        if (next == 0 && !cancelled) {
          subscriber.onNext(next++);
        }
      }

      @Override
      public void cancel() {
        cancelled = true;
        EVENTS.add("cancelled");
      }
    });
  }

  /** A Java stream of 0..n-1; its close is recorded. */
  public java.util.stream.Stream<Integer> streamOf(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().onClose(() -> EVENTS.add("stream closed"));
  }

  public Iterable<String> iterableOf(String a, String b) {
    return java.util.List.of(a, b);
  }

  public java.util.Iterator<Integer> iteratorOf(int n) {
    return java.util.stream.IntStream.range(0, n).iterator();
  }

  /**
   * Three items, then it waits (on a worker thread, as hub code may) until the client cancels: the cancellation
   * ends it, and the stream's close is recorded.
   */
  public java.util.stream.Stream<Integer> ticks(StreamCancellation cancellation) {
    cancellation.onCancel(() -> EVENTS.add("ticks cancelled"));
    return java.util.stream.Stream.iterate(0, i -> i < 3 || !waitFor(cancellation), i -> i + 1)
        .onClose(() -> EVENTS.add("ticks closed"));
  }

  private static boolean waitFor(StreamCancellation cancellation) {
    cancellation.whenCancelled().toCompletableFuture().join();
    return true;
  }

  /** A plain method may watch for its connection closing. */
  public String watch(StreamCancellation cancellation) {
    cancellation.onCancel(() -> EVENTS.add("connection gone"));
    return cancellation.isCancelled() ? "cancelled" : "watching";
  }

  /** A List is a value, not a stream (as in ASP.NET Core). */
  public java.util.List<Integer> listOf(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  public Flow.Publisher<Integer> failingStream() {
    return subscriber -> {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override public void request(long n) {}
        @Override public void cancel() {}
      });
      subscriber.onError(new IllegalStateException("stream broke"));
    };
  }

  /** Sums an uploaded stream, read as a blocking iterable. */
  public int sum(Iterable<Integer> numbers) {
    int total = 0;
    for (int n : numbers) {
      total += n;
    }
    return total;
  }

  /** Joins an uploaded stream, read as a publisher. */
  public CompletableFuture<String> concat(String separator, Flow.Publisher<String> words) {
    CompletableFuture<String> result = new CompletableFuture<>();
    StringBuilder out = new StringBuilder();
    words.subscribe(new Flow.Subscriber<>() {
      @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
      @Override public void onNext(String item) { out.append(out.length() == 0 ? "" : separator).append(item); }
      @Override public void onError(Throwable e) { result.completeExceptionally(e); }
      @Override public void onComplete() { result.complete(out.toString()); }
    });
    return result;
  }

  /** Takes an upload and never reads it. */
  public CompletableFuture<Void> hoard(Flow.Publisher<String> items) {
    return new CompletableFuture<>();
  }

  public CompletableFuture<String> askName() {
    return clients().caller().invoke(String.class, "getName", "please");
  }

  public String askNameBlocking() {
    return clients().client(context().connectionId()).invoke(String.class, "getName", "please").join();
  }

  public Map<String, List<String>> claims() {
    return context().claims();
  }
}
