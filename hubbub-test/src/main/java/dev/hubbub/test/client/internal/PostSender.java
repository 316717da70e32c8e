package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.TransportException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The sending half of Server-Sent Events and long polling: {@code POST ?id=} with the bytes. One POST at a time,
 * in order; what queues up meanwhile goes in the next POST together (the official clients batch the same way).
 * A failed POST fails the transport.
 */
final class PostSender {
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final AbstractTransport owner;
  private final BiFunction<URI, Duration, HttpRequest.Builder> requests;
  private final URI url;
  private final boolean binary;
  private final Duration timeout;
  private final Consumer<TransportException> onFailure;
  private final Object lock = new Object();
  private final List<Pending> queue = new ArrayList<>(); // guarded by lock
  private boolean inFlight; // guarded by lock
  private boolean failed; // guarded by lock
  private boolean closing; // guarded by lock: no new sends, the queue drains
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  private record Pending(byte[] data, CompletableFuture<Void> done) {}

  PostSender(AbstractTransport owner, BiFunction<URI, Duration, HttpRequest.Builder> requests, URI url,
      boolean binary, Duration timeout, Consumer<TransportException> onFailure) {
    this.owner = owner;
    this.requests = requests;
    this.url = url;
    this.binary = binary;
    this.timeout = timeout;
    this.onFailure = onFailure;
  }

  CompletableFuture<Void> send(byte[] data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (failed || closing) {
        done.completeExceptionally(new TransportException("The connection to " + owner.where() + " is closed."));
        return done;
      }
      queue.add(new Pending(data, done));
      if (inFlight) {
        return done;
      }
      inFlight = true;
    }
    flush();
    return done;
  }

  private void flush() {
    List<Pending> batch;
    synchronized (lock) {
      if (queue.isEmpty() || failed) {
        inFlight = false;
        if (closing || failed) {
          drained.complete(null);
        }
        return;
      }
      batch = new ArrayList<>(queue);
      queue.clear();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Pending p : batch) {
      body.write(p.data, 0, p.data.length);
    }
    HttpRequest request = requests.apply(url, timeout)
        .header("Content-Type", binary ? "application/octet-stream" : "text/plain;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    owner.http.sendAsync(request, BoundedBody.handler(MAX_ERROR_BODY, "error body")).whenComplete((response, error) -> {
      TransportException failure = failure(response, error);
      if (failure == null) {
        batch.forEach(p -> p.done.complete(null));
        flush();
      } else {
        batch.forEach(p -> p.done.completeExceptionally(failure));
        fail(failure);
        onFailure.accept(failure);
      }
    });
  }

  private @Nullable TransportException failure(HttpResponse<byte[]> response, @Nullable Throwable error) {
    if (error != null) {
      return new TransportException("Sending to " + owner.where() + " failed: " + Failures.describe(error) + ".",
          Failures.unwrap(error));
    }
    if (response.statusCode() != 200) {
      return new TransportException("Sending to " + owner.where() + " was answered with "
          + Failures.answer(response.statusCode(), response.body()));
    }
    return null;
  }

  /** Takes no more sends; the future completes once what was queued went out (or failed). */
  CompletableFuture<Void> close() {
    synchronized (lock) {
      closing = true;
      if (!inFlight) {
        drained.complete(null);
      }
    }
    return drained;
  }

  /** Fails what waits and every later send. */
  void fail(Throwable error) {
    List<Pending> dropped;
    synchronized (lock) {
      failed = true;
      dropped = new ArrayList<>(queue);
      queue.clear();
      if (!inFlight) {
        drained.complete(null);
      }
    }
    dropped.forEach(p -> p.done.completeExceptionally(error));
  }
}
