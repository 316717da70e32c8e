package dev.hubbub.core;

import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.transport.Fanout;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One client's hub-protocol session, however it arrived: who it is, which protocol it speaks after its
 * handshake, when it last sent and received, and with stateful reconnect the messages it has not acknowledged.
 * A {@link HubSessionHandler} drives it; products extend it with their own per-connection state (the service's
 * client session, the hub server's hub connection).
 *
 * <p><b>Threading.</b> Input is handled on the connection's own thread (its event loop, or the service
 * connection that carries it), one call at a time. {@link #send}, {@link #close} and the accessors are safe
 * from any thread: the send side is guarded by this object's lock.
 */
public class HubSession {
  private dev.hubbub.transport.@Nullable RateWindow invocationWindow; // guarded by this
  private final SessionChannel channel;
  // Where a fan-out may write straight, one dependent load fewer per connection a broadcast reaches: the transport
  // connection under a plain TransportChannel, or what a subclass says (writeFanoutStraightTo); null: through the
  // channel.
  private volatile @Nullable TransportConnection transport;
  private final String connectionId;
  private final @Nullable String userId;
  private final Map<String, List<String>> claims;
  private final long createdNanos = System.nanoTime();
  private static final AtomicIntegerFieldUpdater<HubSession> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(HubSession.class, "ended");
  private volatile int ended; // 0, then 1 once (through ENDED): a field, not an object, on every connection

  // Connection thread only.
  private @Nullable FrameReader reader;
  private @Nullable ByteBuf handshakeBuffer;
  private boolean clientPinged;

  private volatile @Nullable HubProtocol protocol;
  private volatile boolean handedOff;
  // Set in the handshake, before the protocol, for a stateful-reconnect session; null for the others, which are
  // most: an idle connection should not carry counters it never uses.
  private volatile @Nullable Replay replay;
  private volatile long lastReceivedNanos = createdNanos;
  // Written on every send, read by the keep-alive check: an opaque store (LAST_SENT), not a volatile one, whose
  // fence would be paid once per connection per broadcast; a stale reading only means one ping more.
  private long lastSentNanos = createdNanos;
  private static final VarHandle LAST_SENT;

  static {
    try {
      LAST_SENT = MethodHandles.lookup().findVarHandle(HubSession.class, "lastSentNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private volatile boolean closing;

  private record Buffered(long sequenceId, ByteBuf payload) {}

  /** What a stateful-reconnect session keeps: the messages the client has not acknowledged, and the counters. */
  private static final class Replay {
    // Send side, guarded by the session's lock.
    final ArrayDeque<Buffered> unacked = new ArrayDeque<>();
    long sentTrackable;
    long unackedBytes;
    // Receive side, connection thread only.
    long receivedTrackable;
    long nextIncomingId = 1;
    long lastAckedReceived;
    boolean awaitingSequence;
  }

  /**
   * @param channel where the session's bytes go
   * @param connectionId the id other parties see
   * @param userId the authenticated user, or null for an anonymous client
   * @param claims the user's claims (copied)
   */
  protected HubSession(SessionChannel channel, String connectionId, @Nullable String userId,
      Map<String, List<String>> claims) {
    this.channel = channel;
    this.transport = channel.getClass() == TransportChannel.class ? ((TransportChannel) channel).connection() : null;
    this.connectionId = connectionId;
    this.userId = userId;
    this.claims = Map.copyOf(claims);
  }

  /** This connection's invocation count for the rate limit, made on first use (only when a limit is set). */
  final synchronized dev.hubbub.transport.RateWindow invocationWindow() {
    dev.hubbub.transport.RateWindow w = invocationWindow;
    if (w == null) {
      w = new dev.hubbub.transport.RateWindow();
      invocationWindow = w;
    }
    return w;
  }

  /** The connection id clients and senders see. */
  public final String connectionId() {
    return connectionId;
  }

  /** The user id, or null for an anonymous connection. */
  public final @Nullable String userId() {
    return userId;
  }

  /** The user's claims. */
  public final Map<String, List<String>> claims() {
    return claims;
  }

  /**
   * What {@link SessionChannel#queuedBytes()} says for this session's channel, read from the transport connection
   * straight under a plain {@link TransportChannel} (a backlog check may ask it of every connection in turn).
   */
  public long queuedBytes() {
    TransportConnection t = transport;
    return t != null ? t.queuedBytes() : channel.queuedBytes();
  }

  /**
   * For a subclass whose channel shapes what is written only for a while (a service client whose app server has not
   * answered its handshake yet holds the hub's sends): {@code connection}, the transport connection under the
   * channel, while a fan-out may skip the channel and write to it straight; null while every write must go through
   * the channel. Only a fan-out takes the short way; direct sends always go through the channel. Under a plain
   * {@link TransportChannel} the session writes straight from the start.
   */
  protected final void writeFanoutStraightTo(@Nullable TransportConnection connection) {
    transport = connection;
  }

  /** The channel the session writes to. */
  public final SessionChannel channel() {
    return channel;
  }

  /** The protocol agreed in the handshake, or null before it. */
  public final @Nullable HubProtocol protocol() {
    return protocol;
  }

  /** Whether the session uses stateful reconnect (negotiated, and asked for by a version 2 handshake). */
  public final boolean isStateful() {
    return replay != null;
  }

  /** Whether the handshake succeeded and someone other than this hub layer reads the client's messages. */
  public final boolean isHandedOff() {
    return handedOff;
  }

  /** Whether the session is closing or closed: the hub layer reads nothing more from it. */
  public final boolean isClosing() {
    return closing;
  }

  /** How the session is named in logs, e.g. {@code client abc of hub 'chat'}. */
  public String describe() {
    return "client " + connectionId;
  }

  // ---- sending

  /**
   * Queues framed hub messages for the client. {@code trackable} ones (invocations, stream items, completions)
   * are kept until acknowledged when the session uses stateful reconnect. The caller keeps ownership of
   * {@code framed}.
   *
   * @return false when the channel refused it (closed, or the client is a slow consumer)
   */
  public final boolean send(ByteBuf framed, boolean trackable) {
    return send(framed, trackable, null);
  }

  /**
   * {@link #send(ByteBuf, boolean)} as part of {@code fanout} (one send to many sessions, written when it is
   * dispatched), or at once when {@code fanout} is null. A session that keeps sent messages for a stateful
   * reconnect writes them at once.
   */
  public final boolean send(ByteBuf framed, boolean trackable, @Nullable Fanout fanout) {
    LAST_SENT.setOpaque(this, fanout != null ? fanout.startedNanos() : System.nanoTime());
    int bytes = framed.readableBytes();
    boolean written;
    Replay r;
    if (trackable && (r = replay) != null) {
      synchronized (this) {
        r.sentTrackable++;
        r.unacked.add(new Buffered(r.sentTrackable, framed.retainedDuplicate()));
        r.unackedBytes += bytes;
        // Under the lock, so that the transport's order is the sequence order.
        written = channel.write(framed);
      }
    } else if (fanout != null) {
      TransportConnection t = transport;
      written = t != null ? fanout.write(t, framed) : channel.write(framed, fanout);
    } else {
      written = channel.write(framed);
    }
    if (written) {
      sent(bytes);
    }
    return written;
  }

  /** Sends bytes already framed in the session's protocol, produced for this session alone. */
  public final boolean send(byte[] framed, boolean trackable) {
    ByteBuf b = Unpooled.wrappedBuffer(framed);
    try {
      return send(b, trackable);
    } finally {
      b.release();
    }
  }

  /** Encodes {@code message} in the session's protocol and sends it; false before the handshake or when refused. */
  public final boolean send(HubMessage message) {
    HubProtocol p = protocol;
    if (p == null || closing) {
      return false;
    }
    ByteBuf bytes = Unpooled.wrappedBuffer(p.write(message));
    try {
      return send(bytes, message.type().isTrackable());
    } finally {
      bytes.release();
    }
  }

  /**
   * Sends a Close message ({@code error} may be null: a normal close) and ends the channel; nothing more is
   * read from the client. Idempotent.
   */
  public final void close(@Nullable String error, boolean allowReconnect) {
    if (closing) {
      return;
    }
    closing = true;
    HubProtocol p = protocol;
    if (p != null) {
      ByteBuf close = Unpooled.wrappedBuffer(p.write(new CloseMessage(error, allowReconnect)));
      channel.write(close);
      close.release();
    }
    channel.close(error);
  }

  /** Ends the channel without a Close message (the client said goodbye, or someone else wrote it). Idempotent. */
  public final void end(@Nullable String reason) {
    closing = true;
    channel.close(reason);
  }

  /** Called after {@code bytes} were queued for the client; for telemetry. */
  protected void sent(int bytes) {
  }

  /** Bytes sent and not yet acknowledged by a stateful-reconnect client. */
  public final synchronized long unackedBytes() {
    Replay r = replay;
    return r == null ? 0 : r.unackedBytes;
  }

  // ---- state the handler keeps (connection thread unless noted)

  final long createdNanos() {
    return createdNanos;
  }

  final void handshaken(HubProtocol agreed, boolean statefulReconnect) {
    reader = agreed.newFrameReader();
    if (statefulReconnect) {
      replay = new Replay();
    }
    protocol = agreed;
  }

  final void handedOff(HubProtocol agreed) {
    handedOff = true;
    protocol = agreed;
  }

  final @Nullable FrameReader reader() {
    return reader;
  }

  final @Nullable ByteBuf handshakeBuffer() {
    return handshakeBuffer;
  }

  final void handshakeBuffer(@Nullable ByteBuf buffer) {
    handshakeBuffer = buffer;
  }

  final void releaseHandshakeBuffer() {
    ByteBuf pending = handshakeBuffer;
    if (pending != null) {
      handshakeBuffer = null;
      pending.release();
    }
  }

  final void markClosing() {
    closing = true;
  }

  /** True the first time only: the session's end is reported once. */
  final boolean markEnded() {
    closing = true;
    return ENDED.compareAndSet(this, 0, 1);
  }

  final void received(boolean ping) {
    lastReceivedNanos = System.nanoTime();
    if (ping) {
      clientPinged = true;
    }
  }

  final boolean clientPinged() {
    return clientPinged;
  }

  final long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  final long lastSentNanos() {
    return (long) LAST_SENT.getOpaque(this);
  }

  // ---- stateful reconnect, send side (any thread)

  /** Frees what the client acknowledged (sequence ids up to {@code sequenceId}). */
  final synchronized void acknowledged(long sequenceId) {
    Replay r = replay;
    if (r == null) {
      return;
    }
    ArrayDeque<Buffered> buffer = r.unacked;
    while (!buffer.isEmpty() && buffer.peekFirst().sequenceId() <= sequenceId) {
      Buffered b = buffer.pollFirst();
      r.unackedBytes -= b.payload().readableBytes();
      b.payload().release();
    }
  }

  /**
   * After a stateful reconnect: writes the Sequence message ({@code sequenceMessage} of the first unacknowledged
   * id, framed) and then every unacknowledged message to the channel, all under the lock that {@link #send} takes,
   * so that no message sent meanwhile can come before the Sequence (the client would drop it as arriving before the
   * Sequence, and it would not be among those replayed).
   *
   * @return how many messages were replayed
   */
  final synchronized int resume(java.util.function.LongFunction<byte[]> sequenceMessage) {
    Replay r = replay;
    long first = r == null ? 1 : r.unacked.isEmpty() ? r.sentTrackable + 1 : r.unacked.peekFirst().sequenceId();
    ByteBuf sequence = Unpooled.wrappedBuffer(sequenceMessage.apply(first));
    try {
      channel.write(sequence);
    } finally {
      sequence.release();
    }
    if (r == null) {
      return 0;
    }
    for (Buffered b : r.unacked) {
      channel.write(b.payload());
    }
    return r.unacked.size();
  }

  final synchronized void releaseReplayBuffer() {
    Replay r = replay;
    if (r != null) {
      r.unacked.forEach(b -> b.payload().release());
      r.unacked.clear();
      r.unackedBytes = 0;
    }
  }

  // ---- stateful reconnect, receive side (connection thread)

  /** Numbers a trackable message; false for a replayed duplicate or anything before the client's Sequence. */
  final boolean acceptTrackable() {
    Replay r = replay;
    if (r == null) {
      return true; // nothing is numbered without stateful reconnect
    }
    if (r.awaitingSequence) {
      return false;
    }
    long id = r.nextIncomingId++;
    if (id <= r.receivedTrackable) {
      return false;
    }
    r.receivedTrackable = id;
    return true;
  }

  /** The client replays from {@code sequenceId}; false when that is beyond what arrived (messages lost). */
  final boolean sequence(long sequenceId) {
    Replay r = replay;
    if (r == null) {
      return sequenceId <= 1; // nothing was numbered: only a replay from the start fits
    }
    r.awaitingSequence = false;
    if (sequenceId > r.receivedTrackable + 1) {
      return false;
    }
    r.nextIncomingId = sequenceId;
    return true;
  }

  final void awaitSequence() {
    Replay r = replay;
    if (r != null) {
      r.awaitingSequence = true;
    }
  }

  /** The sequence id to acknowledge, or -1 when nothing new arrived since the last Ack. */
  final long ackDue() {
    Replay r = replay;
    if (r != null && r.receivedTrackable > r.lastAckedReceived) {
      r.lastAckedReceived = r.receivedTrackable;
      return r.receivedTrackable;
    }
    return -1;
  }

  @Override
  public String toString() {
    HubProtocol p = protocol;
    return getClass().getSimpleName() + "[" + connectionId + (userId == null ? "" : ", user " + userId)
        + (p == null ? "" : ", " + p.name()) + "]";
  }
}
