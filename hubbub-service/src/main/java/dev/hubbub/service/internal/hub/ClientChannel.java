package dev.hubbub.service.internal.hub;

import dev.hubbub.core.TransportChannel;
import dev.hubbub.transport.Fanout;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service client's channel. A client routed to an app server must read the server's handshake answer before
 * any hub message, yet it can be sent to (a REST send, a broadcast from any server) as soon as it is routed. So
 * until the server's bytes for it have carried a whole answer, what the hub sends it waits here, in the order
 * sent, and is written right behind the answer. What waits counts against the client's outbound bound
 * ({@code maxOutboundQueueBytes}): past it the client is closed, as a slow consumer would be.
 *
 * <p>Thread-safe: the hub writes from any thread, the server's bytes come on its connection's loop.
 */
final class ClientChannel extends TransportChannel {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");

  /** Set while a routed client waits for its server's answer; null otherwise (most clients never have one). */
  private volatile @Nullable Waiting waiting;

  ClientChannel(TransportConnection connection) {
    super(connection);
  }

  /** What waits for the answer; guarded by itself. */
  private static final class Waiting {
    final long limit;
    final List<byte[]> messages = new ArrayList<>(2);
    long bytes;
    /** The answer passed: writes no longer wait. */
    boolean answered;
    /** The channel closed, or what waited passed the limit: writes are refused. */
    boolean refused;

    Waiting(long limit) {
      this.limit = limit;
    }
  }

  /**
   * From now on the hub's writes wait for the app server's answer. Called when the client is routed, before any
   * sender can reach it.
   */
  void awaitServerAnswer(long maxHeldBytes) {
    waiting = new Waiting(maxHeldBytes);
  }

  /** Whether the app server has not answered the client's handshake yet (nor has the client closed). */
  boolean awaitingServerAnswer() {
    Waiting w = waiting;
    if (w == null) {
      return false;
    }
    synchronized (w) {
      return !w.refused;
    }
  }

  @Override
  public boolean write(ByteBuf framed) {
    Waiting w = waiting;
    if (w != null) {
      Boolean held = hold(w, framed);
      if (held != null) {
        return held;
      }
    }
    return super.write(framed);
  }

  @Override
  public boolean write(ByteBuf framed, Fanout fanout) {
    Waiting w = waiting;
    if (w != null) {
      Boolean held = hold(w, framed);
      if (held != null) {
        return held;
      }
    }
    return super.write(framed, fanout);
  }

  /** True when held, false when refused, null when the wait is over and the caller writes. */
  private @Nullable Boolean hold(Waiting w, ByteBuf framed) {
    String refusal;
    long waited;
    synchronized (w) {
      if (w.answered) {
        return null;
      }
      if (w.refused) {
        return Boolean.FALSE;
      }
      int size = framed.readableBytes();
      if (w.bytes + size <= w.limit) {
        w.messages.add(ByteBufUtil.getBytes(framed));
        w.bytes += size;
        return Boolean.TRUE;
      }
      // Short enough for a close frame's reason (123 bytes); the log says how much waited.
      refusal = "The app server did not answer the handshake before messages waiting for it passed "
          + "maxOutboundQueueBytes (" + w.limit + ").";
      waited = w.bytes + size;
      w.refused = true;
      w.messages.clear();
    }
    log.warn("Closing client {}: {} ({} bytes)", connection().connectionId(), refusal, waited);
    super.close(refusal);
    return Boolean.FALSE;
  }

  /** Writes bytes the app server sent for the client, ahead of anything waiting for its answer. */
  boolean writeFromServer(ByteBuf framed) {
    return super.write(framed);
  }

  /**
   * Writes the rest of the server's answer to the handshake ({@code answer}, up to and with its {@code 0x1E}) and
   * then what waited for it, in order, switching the connection to binary frames in between for a binary
   * protocol. One step under the lock: a close racing it either comes first (the client never had its answer,
   * and nothing is written) or finds the wait over (its Close message follows the answer, not dropped with what
   * waited).
   *
   * @return false when the channel was closed or refused first
   */
  boolean writeAnswer(ByteBuf answer, boolean binaryAfter) {
    Waiting w = waiting;
    if (w == null) {
      return super.write(answer); // nothing waits (the client was never held): the bytes go as they come
    }
    synchronized (w) {
      if (w.refused) {
        return false;
      }
      boolean written = super.write(answer);
      if (binaryAfter) {
        connection().setTransferFormat(TransferFormat.BINARY);
      }
      for (byte[] m : w.messages) {
        ByteBuf b = Unpooled.wrappedBuffer(m);
        super.write(b);
        b.release();
      }
      w.messages.clear();
      w.answered = true;
      waiting = null;
      return written;
    }
  }

  @Override
  public void close(@Nullable String reason) {
    Waiting w = waiting;
    if (w != null) {
      synchronized (w) {
        // Dropped: the client never had its whole answer (writeAnswer takes this lock), so it could not have read
        // them. Later writes are refused.
        w.refused = true;
        w.messages.clear();
      }
    }
    super.close(reason);
  }
}
