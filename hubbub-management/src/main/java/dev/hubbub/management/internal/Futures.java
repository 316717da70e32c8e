package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRConnectionException;
import dev.hubbub.management.SignalRException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Helpers between the async core and the blocking API. */
public final class Futures {
  private Futures() {}

  /**
   * Starts {@code call} and waits for its result, as {@link #join}; refuses (before starting it) on the SDK's
   * I/O thread, see {@link #checkMayBlock()}.
   */
  public static <T> T call(Supplier<CompletableFuture<T>> call) {
    checkMayBlock();
    return join(call.get());
  }

  /**
   * Waits for {@code future} and returns its value, rethrowing its failure as thrown (a
   * {@link SignalRException} or an {@link IllegalArgumentException}).
   */
  public static <T> T join(CompletableFuture<T> future) {
    checkMayBlock();
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new SignalRConnectionException("Interrupted while waiting for the service.", 0, null, null, null, e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException r) {
        // the failure was made on an HTTP client thread: record where the blocking call came from
        r.addSuppressed(new CallSite());
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new SignalRException(String.valueOf(cause.getMessage()), 0, null, null, null, cause);
    }
  }

  /**
   * Refuses a blocking call on the SDK's I/O thread ({@code hubbub-management-http}): it would wait for a
   * response that only that thread can deliver, forever. Such a call comes from a continuation of an async
   * operation (e.g. {@code thenRun}) that calls the blocking API.
   *
   * @throws IllegalStateException on that thread
   */
  public static void checkMayBlock() {
    if (NettyRestExchange.onIoThread()) {
      throw new IllegalStateException("A blocking hubbub-management call was made on the SDK's I/O thread ("
          + NettyRestExchange.THREAD_NAME + "), where it would wait for itself forever. It came from a continuation"
          + " of an async call (e.g. thenRun/thenAccept): continue with the *Async variant on an executor of yours,"
          + " e.g. future.thenRunAsync(..., executor), or use the async API (ServiceHubContextAsync) there.");
    }
  }

  /** Marks the stack of the thread that blocked on a failed call. */
  private static final class CallSite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallSite() {
      super("The blocking call was made here");
    }
  }

  /** The failure inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Runs {@code call} for each item concurrently; completes when all did, fails with the first failure. */
  public static <T> CompletableFuture<Void> forEach(List<T> items, Function<T, CompletableFuture<Void>> call) {
    if (items.size() == 1) {
      return call.apply(items.get(0));
    }
    CompletableFuture<?>[] all = new CompletableFuture<?>[items.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = call.apply(items.get(i));
    }
    return CompletableFuture.allOf(all).handle((ok, failure) -> {
      if (failure != null) {
        // allOf reports an arbitrary one; report the first in argument order so errors are stable
        for (CompletableFuture<?> f : all) {
          if (f.isCompletedExceptionally()) {
            try {
              f.join();
            } catch (CompletionException e) {
              throw new CompletionException(unwrap(e));
            }
          }
        }
        throw new CompletionException(unwrap(failure));
      }
      return null;
    });
  }

  /** A future failed with {@code e}. */
  public static <T> CompletableFuture<T> failed(Throwable e) {
    return CompletableFuture.failedFuture(e);
  }
}
