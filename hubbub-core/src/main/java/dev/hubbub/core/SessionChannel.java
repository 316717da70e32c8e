package dev.hubbub.core;

import dev.hubbub.transport.Fanout;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link HubSession}'s bytes reach its client: a transport connection ({@link TransportChannel}), or a
 * client multiplexed over a service connection. Implementations are thread-safe.
 */
public interface SessionChannel {

  /**
   * Queues framed hub messages for the client. Does not take ownership of {@code framed}.
   *
   * @return false when the channel is closed or refused the bytes (slow consumer)
   */
  boolean write(ByteBuf framed);

  /**
   * {@link #write} as part of {@code fanout}, one send to many sessions: a channel over this process's transport
   * joins the fan-out (written when it is dispatched, see {@link Fanout}); others write at once.
   */
  default boolean write(ByteBuf framed, Fanout fanout) {
    return write(framed);
  }

  /** Ends the channel after what is queued; {@code reason} is for logs and close frames. Idempotent. */
  void close(@Nullable String reason);

  /** Whether binary hub protocols can run over it (Server-Sent Events carry text only). */
  boolean supportsBinary();

  /** Whether negotiate agreed on stateful reconnect for it. */
  boolean statefulReconnect();

  /**
   * Whether keep-alive pings and the client timeout apply (not over long polling, where the client sends no
   * pings and every poll answers at once).
   */
  boolean keepAlive();

  /** The handshake succeeded: from now on frames carry {@code binary} or text hub messages. */
  void handshakeDone(boolean binary);

  /**
   * Bytes accepted for the client and not yet handed to its socket (or to a poll); 0 where this process does not
   * queue them (a client behind a service connection, whose queue is the service's).
   */
  default long queuedBytes() {
    return 0;
  }

  /**
   * Completes once {@link #queuedBytes()} is at most {@code bytes}, and also when the channel closes, so that
   * nobody waits for a client that is gone. How a producer that can outrun its client (a server-to-client
   * stream) waits for it instead of filling the queue up to the slow-consumer limit. Completes at once where
   * this process queues nothing.
   */
  default CompletionStage<Void> whenQueuedAtMost(long bytes) {
    return CompletableFuture.completedFuture(null);
  }

  /** The client's IP address, for per-address limits; null when unknown (a client behind a service connection). */
  default @Nullable String remoteIp() {
    return null;
  }
}
