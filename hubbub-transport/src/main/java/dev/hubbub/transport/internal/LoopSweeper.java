package dev.hubbub.transport.internal;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one periodic task of an event loop: ticks every connection bound to that loop (timeouts,
 * heartbeats) and every plain HTTP socket (keep-alive and request timeouts), so no socket owns a
 * timer. Confined to its loop.
 */
final class LoopSweeper {
  private final EventLoop loop;
  private final ServerContext server;
  private final boolean reapsUnclaimed;
  private final SweepList<ConnectionImpl> connections = new SweepList<>();
  private final SweepList<HttpDispatcher> httpSockets = new SweepList<>();
  private @Nullable ScheduledFuture<?> task;

  LoopSweeper(EventLoop loop, ServerContext server, boolean reapsUnclaimed) {
    this.loop = loop;
    this.server = server;
    this.reapsUnclaimed = reapsUnclaimed;
  }

  void start() {
    long period = server.options().heartbeatInterval().toNanos();
    task = loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
  }

  void stop() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }

  void add(ConnectionImpl c) {
    assert loop.inEventLoop();
    connections.add(c);
  }

  void remove(ConnectionImpl c) {
    if (loop.inEventLoop()) {
      connections.remove(c);
    } else {
      loop.execute(() -> connections.remove(c));
    }
  }

  void add(HttpDispatcher d) {
    assert loop.inEventLoop();
    httpSockets.add(d);
  }

  void remove(HttpDispatcher d) {
    assert loop.inEventLoop();
    httpSockets.remove(d);
  }

  private void sweep() {
    long now = System.nanoTime();
    httpSockets.forEach(d -> d.tick(now));
    connections.forEach(c -> c.tick(now));
    if (reapsUnclaimed) {
      server.registry().reapUnclaimed(now, server.options().disconnectTimeout().toNanos());
    }
  }
}
