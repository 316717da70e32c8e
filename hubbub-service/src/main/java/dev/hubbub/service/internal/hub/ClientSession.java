package dev.hubbub.service.internal.hub;

import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.api.common.Attributes;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The hub-protocol state of one client connection of the service: which protocol it speaks after its
 * handshake, when it last sent and received, and (with stateful reconnect) the messages it has not
 * acknowledged yet.
 *
 * <p>Reads happen on the connection's event loop; sends may come from any thread (REST calls, other
 * connections), so the send-side bookkeeping is guarded by this object's lock.
 */
public final class ClientSession implements Routable {
  private final TransportConnection transport;
  private final String hubName;
  private final @Nullable String userId;
  private final Map<String, List<String>> claims;
  private final long createdNanos = System.nanoTime();
  private final ServiceTelemetry telemetry;
  private final Attributes hubAttributes;

  // Event loop only.
  // The transport request with its headers, until the hub handshake is over (an app server is sent them).
  private @Nullable TransportRequest openRequest;
  private @Nullable HubProtocol protocol;
  private volatile boolean stateful;
  private @Nullable FrameReader reader;
  private @Nullable ByteBuf handshakeBuffer;
  private boolean clientPinged;
  private long receivedTrackable;
  private long nextIncomingId = 1;
  private long lastAckedReceived;
  private boolean awaitingSequence;

  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile boolean closing;
  // Set once at the handshake when an app server runs this client (Default/Classic mode); null when serverless.
  private volatile @Nullable ClientRoute route;

  // Guarded by this.
  private @Nullable ArrayDeque<Buffered> unacked;
  private long sentTrackable;
  private long unackedBytes;

  // Upstream calls of this connection run one after another, in the order the client sent them.
  private CompletableFuture<?> upstreamChain = CompletableFuture.completedFuture(null);

  private record Buffered(long sequenceId, ByteBuf payload) {}

  ClientSession(TransportConnection transport, String hubName, @Nullable String userId,
      Map<String, List<String>> claims, ServiceTelemetry telemetry) {
    this.telemetry = telemetry;
    this.hubAttributes = ServiceTelemetry.hubAttributes(transport.application().key());
    this.transport = transport;
    this.hubName = hubName;
    this.userId = userId;
    this.claims = claims;
    this.openRequest = transport.request();
  }

  /**
   * The request that opened the connection, headers included, while the hub handshake runs; after it only
   * {@link TransportConnection#request()} (no headers) remains. Event loop only.
   */
  public TransportRequest openRequest() {
    TransportRequest r = openRequest;
    return r != null ? r : transport.request();
  }

  /** The hub handshake is over: let the headers go. Event loop only. */
  void forgetOpenRequest() {
    openRequest = null;
  }

  @Override
  public String connectionId() {
    return transport.connectionId();
  }

  @Override
  public @Nullable String userId() {
    return userId;
  }

  /** The claims of the access token. */
  public Map<String, List<String>> claims() {
    return claims;
  }

  /** The hub name as the client's URL spelled it. */
  public String hubName() {
    return hubName;
  }

  public TransportConnection transport() {
    return transport;
  }

  /** The protocol agreed in the handshake, or null before it. */
  public @Nullable HubProtocol protocol() {
    return protocol;
  }

  boolean handshaken() {
    return protocol != null;
  }

  /** Whether this connection uses stateful reconnect: negotiated and asked for by a version 2 handshake. */
  boolean stateful() {
    return stateful;
  }

  void handshaken(HubProtocol protocol, boolean stateful) {
    this.stateful = stateful;
    this.protocol = protocol;
    this.reader = protocol.newFrameReader();
    if (stateful) {
      synchronized (this) {
        unacked = new ArrayDeque<>();
      }
    }
  }

  @Nullable FrameReader reader() {
    return reader;
  }

  @Nullable ByteBuf handshakeBuffer() {
    return handshakeBuffer;
  }

  void handshakeBuffer(@Nullable ByteBuf buffer) {
    this.handshakeBuffer = buffer;
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

  /** Whether the connection is closing or closed. */
  public boolean closing() {
    return closing;
  }

  /** Marks the connection as closing: nothing more is read from it or sent for it by the hub layer. */
  public void closing(boolean closing) {
    this.closing = closing;
  }

  /** The app server connection this client is routed to, or null when it is served here (serverless). */
  public @Nullable ClientRoute route() {
    return route;
  }

  void route(ClientRoute route) {
    this.route = route;
  }

  /** Runs {@code call} after every upstream call started before it, whatever their outcome. */
  public void chainUpstream(java.util.function.Supplier<CompletableFuture<?>> call) {
    synchronized (this) {
      upstreamChain = upstreamChain.handle((r, e) -> null).thenCompose(ignored -> call.get());
    }
  }

  // ---- sending

  /**
   * Queues a framed message for the client. {@code trackable} messages (invocations, stream items,
   * completions) are kept until acknowledged when the connection uses stateful reconnect. The caller keeps
   * ownership of {@code payload}.
   *
   * @return false when the transport refused it (closed, or the client is a slow consumer)
   */
  public boolean send(ByteBuf payload, boolean trackable) {
    lastSentNanos = System.nanoTime();
    int bytes = payload.readableBytes();
    boolean written;
    if (trackable) {
      synchronized (this) {
        if (unacked != null) {
          sentTrackable++;
          unacked.add(new Buffered(sentTrackable, payload.retainedDuplicate()));
          unackedBytes += bytes;
          written = transport.write(payload);
        } else {
          written = transport.write(payload);
        }
      }
    } else {
      written = transport.write(payload);
    }
    if (written) {
      telemetry.sent(hubAttributes, bytes);
    }
    return written;
  }

  /** Counts what arrived from the client. */
  void countReceived(long messages, long bytes) {
    telemetry.received(hubAttributes, messages, bytes);
  }

  /** Sends bytes that were produced for this connection alone. */
  public boolean send(byte[] framed, boolean trackable) {
    return send(Unpooled.wrappedBuffer(framed), trackable);
  }

  /** Bytes sent but not acknowledged by a stateful-reconnect client. */
  synchronized long unackedBytes() {
    return unackedBytes;
  }

  /** Frees what the client acknowledged (sequence ids up to {@code sequenceId}). */
  synchronized void acknowledged(long sequenceId) {
    if (unacked == null) {
      return;
    }
    while (!unacked.isEmpty() && unacked.peekFirst().sequenceId() <= sequenceId) {
      Buffered b = unacked.pollFirst();
      unackedBytes -= b.payload().readableBytes();
      b.payload().release();
    }
  }

  /** The id of the first message to replay after a reconnect, then every unacknowledged message. */
  synchronized long replayFrom(java.util.function.Consumer<ByteBuf> replay) {
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
      for (Buffered b : unacked) {
        b.payload().release();
      }
      unacked.clear();
      unackedBytes = 0;
    }
  }

  // ---- receiving (stateful reconnect)

  /**
   * Numbers a trackable message from the client; false when it must be ignored: a replayed duplicate,
   * or anything that arrives after a reconnect before the client's Sequence message.
   */
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

  /**
   * The client replays from {@code sequenceId}.
   *
   * @return false when the client claims to replay from beyond what was received: messages were lost
   */
  boolean sequence(long sequenceId) {
    awaitingSequence = false;
    if (sequenceId > receivedTrackable + 1) {
      return false;
    }
    nextIncomingId = sequenceId;
    return true;
  }

  /** The transport reconnected: ignore messages until the client's Sequence message. */
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
