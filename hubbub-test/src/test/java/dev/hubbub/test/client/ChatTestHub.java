package dev.hubbub.test.client;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.jspecify.annotations.Nullable;

/** The hub the client tests (and the comparison with the official client) drive on the Java hub server. */
public class ChatTestHub extends Hub {

  /** A record argument and result. */
  public record Point(double x, double y, String label) {}

  public String echo(String message) {
    return message;
  }

  public int add(int a, int b) {
    return a + b;
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

  /** Sends the caller a message with mixed arguments. */
  public void tell(String message) {
    clients().caller().send("told", message, 7, true, null);
  }

  public void broadcast(String message) {
    clients().all().send("message", message);
  }

  public void join(String group) {
    groups().add(context().connectionId(), group).join();
  }

  public void sendToGroup(String group, String message) {
    clients().group(group).send("groupMessage", group, message);
  }

  public @Nullable String whoAmI() {
    return context().userIdentifier();
  }

  /** 0 .. count-1. */
  public Flow.Publisher<Integer> counter(int count) {
    return subscriber -> {
      SubmissionPublisher<Integer> out = new SubmissionPublisher<>();
      out.subscribe(subscriber);
      for (int i = 0; i < count; i++) {
        out.submit(i);
      }
      out.close();
    };
  }

  /** 0 .. count-1, then an error (on the first request; SubmissionPublisher may drop items before an error). */
  public Flow.Publisher<Integer> failingCounter(int count) {
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      private boolean done;

      @Override
      public void request(long n) {
        if (done) {
          return;
        }
        done = true;
        for (int i = 0; i < count; i++) {
          subscriber.onNext(i);
        }
        subscriber.onError(new HubException("stream broke"));
      }

      @Override
      public void cancel() {
        done = true;
      }
    });
  }

  /** Sums an uploaded stream. */
  public CompletableFuture<Integer> sum(Flow.Publisher<Integer> numbers) {
    CompletableFuture<Integer> total = new CompletableFuture<>();
    numbers.subscribe(new Flow.Subscriber<>() {
      private int sum;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(Integer item) {
        sum += item;
      }

      @Override
      public void onError(Throwable e) {
        total.completeExceptionally(e);
      }

      @Override
      public void onComplete() {
        total.complete(sum);
      }
    });
    return total;
  }

  /** Asks the caller for its name (a client result). */
  public CompletableFuture<String> askName() {
    return clients().caller().invoke(String.class, "getName").thenApply(name -> "Hello, " + name);
  }

  /** Asks the caller for a result of {@code method}; returns the result or the client's error text. */
  public CompletableFuture<String> ask(String method) {
    return clients().caller().invoke(String.class, method)
        .handle((value, error) -> error == null ? "result: " + value : "error: " + cause(error).getMessage());
  }

  private static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Closes the caller's connection from the server. */
  public void closeMe() {
    context().abort();
  }
}
