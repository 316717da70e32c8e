package dev.hubbub.server.internal;

import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hub-protocol session of one self-hosted transport connection: handshake state, when it last sent and
 * received (keep-alive and client timeout), and with stateful reconnect the messages the client has not
 * acknowledged. The same approach as the service's client sessions.
 *
 * <p>Reads happen on the connection's event loop; sends come from any thread, so the send side is guarded
 * by this object's lock.
 */
final class SelfHostedSession implements ConnectionSink {
  private final TransportConnection transport;
  private final long createdNanos = System.nanoTime();

  // Event loop only.
  private @Nullable FrameReader reader;
  private boolean stateful;
  private @Nullable ByteBuf handshakeBuffer;
  private boolean clientPinged;
  private long receivedTrackable;
  private long nextIncomingId = 1;
  private long lastAckedReceived;
  private boolean awaitingSequence;

  private volatile @Nullable HubProtocol protocol;
  private volatile @Nullable HubConnection hubConnection;
  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile boolean closing;

  // Guarded by this.
  private @Nullable ArrayDeque<Buffered> unacked;
  private long sentTrackable;

  private record Buffered(long sequenceId, ByteBuf payload) {}

  SelfHostedSession(TransportConnection transport) {
    this.transport = transport;
  }

  TransportConnection transport() {
    return transport;
  }

  @Nullable HubProtocol protocol() {
    return protocol;
  }

  @Nullable HubConnection hubConnection() {
    return hubConnection;
  }

  boolean handshaken() {
    return protocol != null;
  }

  /** Whether this connection uses stateful reconnect (negotiated, and handshake version 2 or more). */
  boolean stateful() {
    return stateful;
  }

  void handshaken(HubProtocol protocol, boolean stateful, HubConnection connection) {
    this.stateful = stateful;
    this.reader = protocol.newFrameReader();
    if (stateful) {
      synchronized (this) {
        unacked = new ArrayDeque<>();
      }
    }
    this.hubConnection = connection;
    this.protocol = protocol;
  }

  @Nullable FrameReader reader() {
    return reader;
  }

  @Nullable ByteBuf handshakeBuffer() {
    return handshakeBuffer;
  }

  void handshakeBuffer(@Nullable ByteBuf buffer) {
    handshakeBuffer = buffer;
  }

  long createdNanos() {
    return createdNanos;
  }

  void received(boolean ping) {
    lastReceivedNanos = System.nanoTime();
    if (ping) {
      clientPinged = true;
    }
  }

  boolean clientPinged() {
    return clientPinged;
  }

  long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  long lastSentNanos() {
    return lastSentNanos;
  }

  boolean closing() {
    return closing;
  }

  void closing(boolean value) {
    closing = value;
  }

  // ---- ConnectionSink

  @Override
  public boolean send(ByteBuf payload, boolean trackable) {
    lastSentNanos = System.nanoTime();
    if (trackable) {
      synchronized (this) {
        if (unacked != null) {
          sentTrackable++;
          unacked.add(new Buffered(sentTrackable, payload.retainedDuplicate()));
          return transport.write(payload);
        }
      }
    }
    return transport.write(payload);
  }

  @Override
  public void close(@Nullable String error, boolean allowReconnect) {
    if (closing) {
      return;
    }
    closing = true;
    HubProtocol p = protocol;
    if (p != null) {
      ByteBuf close = Unpooled.wrappedBuffer(p.write(new CloseMessage(error, allowReconnect)));
      transport.write(close);
      close.release();
    }
    transport.close(error);
  }

  // ---- stateful reconnect, send side

  synchronized void acknowledged(long sequenceId) {
    if (unacked == null) {
      return;
    }
    while (!unacked.isEmpty() && unacked.peekFirst().sequenceId() <= sequenceId) {
      unacked.pollFirst().payload().release();
    }
  }

  /** Passes every unacknowledged message to {@code replay}; returns the sequence id of the first. */
  synchronized long replayFrom(Consumer<ByteBuf> replay) {
    if (unacked == null) {
      return sentTrackable + 1;
    }
    long first = unacked.isEmpty() ? sentTrackable + 1 : unacked.peekFirst().sequenceId();
    for (Buffered b : unacked) {
      replay.accept(b.payload());
    }
    return first;
  }

  synchronized void releaseBuffer() {
    if (unacked != null) {
      unacked.forEach(b -> b.payload().release());
      unacked.clear();
    }
  }

  // ---- stateful reconnect, receive side (event loop)

  /** Numbers a trackable message; false for a replayed duplicate or anything before the client's Sequence. */
  boolean acceptTrackable() {
    if (awaitingSequence) {
      return false;
    }
    long id = nextIncomingId++;
    if (id <= receivedTrackable) {
      return false;
    }
    receivedTrackable = id;
    return true;
  }

  /** The client replays from {@code sequenceId}; false when that is beyond what arrived (messages lost). */
  boolean sequence(long sequenceId) {
    awaitingSequence = false;
    if (sequenceId > receivedTrackable + 1) {
      return false;
    }
    nextIncomingId = sequenceId;
    return true;
  }

  void awaitSequence() {
    awaitingSequence = true;
  }

  /** The sequence id to acknowledge, or -1 when nothing new arrived since the last Ack. */
  long ackDue() {
    if (receivedTrackable > lastAckedReceived) {
      lastAckedReceived = receivedTrackable;
      return receivedTrackable;
    }
    return -1;
  }
}
