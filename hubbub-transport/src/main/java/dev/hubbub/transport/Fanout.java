package dev.hubbub.transport;

import dev.hubbub.transport.internal.FanoutWriter;
import io.netty.buffer.ByteBuf;

/**
 * One send to many connections, written per event loop: {@link #write} each connection, then {@link #dispatch()}
 * once. Each event loop gets one task carrying the payload and its connections, rather than a queue entry and a
 * flush mark per connection; a WebSocket connection with nothing else queued then writes, in the loop's next
 * flush pass, a duplicate of one buffer holding every payload fanned out to it since its last write, framed once
 * for all the connections that received the same ones. Other connections (Server-Sent Events, long polling,
 * connections of other transports) are written at once, as by {@link TransportConnection#write}.
 *
 * <p>Order holds as for {@link TransportConnection#write}: what one thread writes to a connection, through a
 * fan-out or not, reaches it in the order written. {@link #write} counts the payload against the connection's
 * outbound bound at once (refusing it and aborting the connection as a slow consumer past the bound), so
 * {@link TransportConnection#queuedBytes()} includes it from then on.
 *
 * <p>Not thread-safe: one sender fills and dispatches it. A fan-out that is never dispatched writes nothing to
 * the WebSocket connections it was given and keeps their bytes counted, so always dispatch (in a
 * {@code finally} if the filling may throw).
 */
public final class Fanout {
  private final FanoutWriter writer = new FanoutWriter();
  private final long startedNanos = System.nanoTime();

  /**
   * When this fan-out was made ({@link System#nanoTime()}): one reading for every connection it reaches, for
   * senders that note when each connection last had something sent (a keep-alive's clock needs no finer grain).
   */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * Writes {@code payload} to {@code connection} as part of this fan-out. Does not take ownership of
   * {@code payload}; the same buffer (same readable bytes) given for many connections is held once per loop.
   *
   * @return as {@link TransportConnection#write}: false when the connection is closed or refused the payload
   * @throws IllegalStateException after {@link #dispatch()}
   */
  public boolean write(TransportConnection connection, ByteBuf payload) {
    return writer.write(connection, payload);
  }

  /** Hands the payloads to the connections' event loops. Call once, after the last {@link #write}. */
  public void dispatch() {
    writer.dispatch();
  }
}
