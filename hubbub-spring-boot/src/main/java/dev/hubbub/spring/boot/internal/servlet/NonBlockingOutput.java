package dev.hubbub.spring.boot.internal.servlet;

import io.netty.channel.EventLoop;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Servlet non-blocking output for one async response: chunks wait here while the container cannot take them, so no
 * thread ever blocks on a client that does not read. Confined to a connection's loop: the container's callbacks hop
 * onto it.
 */
final class NonBlockingOutput implements WriteListener {
  private final AsyncContext async;
  private final ServletOutputStream out;
  private final EventLoop loop;
  private final Runnable drained;
  private final Consumer<Throwable> failed;
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private boolean completeWhenDone;
  private boolean done;

  /**
   * Registers itself as the response's write listener; call on the request's thread right after
   * {@code startAsync}.
   *
   * @param drained told when everything queued here went to the container (the caller may write more)
   * @param failed told when the client is gone or the write failed
   */
  NonBlockingOutput(AsyncContext async, EventLoop loop, Runnable drained, Consumer<Throwable> failed)
      throws IOException {
    this.async = async;
    this.out = async.getResponse().getOutputStream();
    this.loop = loop;
    this.drained = drained;
    this.failed = failed;
    out.setWriteListener(this);
  }

  /** Queues {@code bytes} and writes what the container can take now. */
  void write(byte[] bytes) {
    if (done) {
      return;
    }
    pending.add(bytes);
    pump();
  }

  /** Completes the response once everything queued is written. */
  void complete() {
    if (done) {
      return;
    }
    completeWhenDone = true;
    pump();
  }

  boolean isDone() {
    return done;
  }

  /** Whether nothing waits here for the container: a writer bounded upstream writes only then. */
  boolean idle() {
    return pending.isEmpty();
  }

  private void pump() {
    if (done) {
      return;
    }
    try {
      boolean wrote = false;
      while (!pending.isEmpty() && out.isReady()) {
        byte[] b = pending.poll();
        out.write(b);
        wrote = true;
      }
      if (!pending.isEmpty() || !out.isReady()) {
        return; // onWritePossible comes back
      }
      if (wrote) {
        out.flush();
        if (!out.isReady()) {
          return;
        }
      }
      if (completeWhenDone) {
        done = true;
        async.complete();
      } else if (wrote) {
        drained.run();
      }
    } catch (IOException | IllegalStateException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    if (done) {
      return;
    }
    done = true;
    pending.clear();
    try {
      async.complete();
    } catch (IllegalStateException ignored) {
      // already completed by the container
    }
    failed.accept(e);
  }

  @Override
  public void onWritePossible() {
    loop.execute(this::pump);
  }

  @Override
  public void onError(Throwable t) {
    loop.execute(() -> fail(t));
  }

  /** Ends the response without writing more (the client is gone, or the connection aborted). */
  void abort(@Nullable Throwable error) {
    if (!done) {
      done = true;
      pending.clear();
      try {
        async.complete();
      } catch (IllegalStateException ignored) {
        // already completed by the container
      }
    }
  }
}
