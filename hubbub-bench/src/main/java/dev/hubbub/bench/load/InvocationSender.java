package dev.hubbub.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.List;

/**
 * Hub invocations written by the clients themselves: send {@code i} goes out on client {@code i mod n} of the
 * chosen clients. A written invocation counts as accepted at once (there is no reply but the delivery, which
 * the clients time); a client whose socket cannot take more refuses the send, so the schedule falls behind
 * and the delay shows as latency. Confined to its loop.
 */
final class InvocationSender implements SendSchedule.Sender {
  private final EventLoop loop;
  private final Channel[] clients;
  private final InvocationFrameEncoder encoder;

  InvocationSender(EventLoop loop, List<Channel> clients, InvocationFrameEncoder encoder) {
    if (clients.isEmpty()) {
      throw new IllegalStateException("No client is open to send invocations: see the connect errors above.");
    }
    this.loop = loop;
    this.clients = clients.toArray(Channel[]::new);
    this.encoder = encoder;
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public void onFree(Runnable pump) {
    // the schedule's 1 ms tick retries; a channel's writability is not worth a callback per client
  }

  @Override
  public boolean trySend(int index, long dueNanos, RestClient.Callback replied) {
    Channel ch = clients[index % clients.length];
    if (!ch.isActive()) {
      replied.done(-1);
      return true;
    }
    if (!ch.isWritable()) {
      return false;
    }
    ch.writeAndFlush(encoder.encode(ch.alloc(), index, dueNanos), ch.voidPromise());
    replied.done(200);
    return true;
  }
}
