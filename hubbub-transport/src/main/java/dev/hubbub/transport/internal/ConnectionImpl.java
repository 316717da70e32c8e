package dev.hubbub.transport.internal;

import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical connection. Created by negotiate (unclaimed, on no loop in particular) or by a
 * WebSocket without negotiate; the first transport request claims it and binds it to its channel's
 * event loop, after which all state below marked "loop" is confined to that loop.
 */
public final class ConnectionImpl extends OutboundQueue implements TransportConnection, SweepList.Member {
  private static final Logger log = LoggerFactory.getLogger(ConnectionImpl.class);
  /** Its place in its loop's sweep ({@link SweepList}), -1 when not in it; loop-confined. */
  private int sweepSlot = -1;

  /** Lifecycle; loop-confined after the claim. */
  enum State { NEW, ACTIVE, DISCONNECTED, CLOSING, CLOSED }

  final ServerContext server;
  private final String connectionId;
  private final String connectionToken;
  private final int negotiateVersion;
  private final boolean statefulReconnect;
  private final TransportApplication application;

  // Claim: guarded by this; published through the volatile fields.
  private boolean claimed;
  private volatile @Nullable EventLoop loop;
  private volatile @Nullable LoopFlusher flusher; // the loop's, set with it
  private volatile @Nullable TransportType transport;
  private volatile TransportUser user;
  private volatile @Nullable TransportRequest request;
  private volatile @Nullable Map<String, Object> attributes;
  private volatile @Nullable Object attachment;

  // Outbound: any thread.
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> FLUSH_SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "flushScheduled");
  private volatile int flushScheduled; // 1 while the connection waits for its loop's flush pass
  private static final AtomicIntegerFieldUpdater<ConnectionImpl> WRITES_BEHIND =
      AtomicIntegerFieldUpdater.newUpdater(ConnectionImpl.class, "writesBehind");
  /** Writes on their way to the loop behind a fan-out ({@link LoopFlusher#later}), not yet queued. */
  private volatile int writesBehind;
  private volatile boolean closed;
  private volatile TransferFormat format = TransferFormat.TEXT;
  private volatile long maxQueuedBytes = -1; // -1: the server's option

  // Loop-confined.
  State state = State.NEW;
  @Nullable TransportSink sink;
  /** The run of the loop's fan-out log this connection writes next pass (see {@link FanoutLog}), or null. */
  @Nullable FanoutLog logOf;
  int logStart;
  int logEnd;
  long logBytes;
  long flushPass; // the loop flusher's last slice of a pass that flushed this connection
  // When the connection was made until a transport claims it (the registry reaps one no transport claimed in
  // time), then when its client was last heard from (loop-confined from the claim on). One field for both: a
  // connection's size is paid by every idle one.
  long lastSeenNanos = System.nanoTime();
  private boolean started;
  private @Nullable Throwable closeError;
  private boolean readingPaused;
  private @Nullable HeldInput held; // made when reading pauses with something to hold; loop-confined

  ConnectionImpl(ServerContext server, String connectionId, String connectionToken,
      int negotiateVersion, boolean statefulReconnect, TransportApplication application,
      TransportUser user) {
    this.server = server;
    this.connectionId = connectionId;
    this.connectionToken = connectionToken;
    this.negotiateVersion = negotiateVersion;
    this.statefulReconnect = statefulReconnect;
    this.application = application;
    this.user = user;
  }

  // ---- claim -------------------------------------------------------------------------------

  /**
   * Claims the connection for {@code type} on {@code channelLoop} if no transport has yet.
   *
   * @return {@link Claim#WON} if this call claimed it (now bound to {@code channelLoop});
   *     {@link Claim#GONE} if it was reaped or shut down meanwhile; otherwise a claim holding the
   *     loop the connection is bound to (the caller hops there and checks {@link #transport()})
   */
  synchronized Claim claim(TransportType type, EventLoop channelLoop, TransportRequest request,
      TransportUser user) {
    if (claimed) {
      EventLoop owner = loop;
      return owner == null ? Claim.GONE : new Claim(owner);
    }
    claimed = true;
    this.flusher = server.flusher(channelLoop);
    this.loop = channelLoop;
    this.transport = type;
    this.request = request;
    this.user = user;
    return Claim.WON;
  }

  /** The outcome of {@link #claim}. */
  record Claim(@Nullable EventLoop owner) {
    static final Claim WON = new Claim(null);
    static final Claim GONE = new Claim(null);
  }

  /** For the sweep of never-used negotiated connections: claims it for removal. */
  synchronized boolean claimForReaping() {
    if (claimed) {
      return false;
    }
    claimed = true;
    closed = true;
    return true;
  }

  boolean isClaimed() {
    return loop != null;
  }

  /** Registers with the loop's sweep. Call on the loop right after a successful claim. */
  void bound() {
    lastSeenNanos = System.nanoTime();
    server.sweeper(loop()).add(this);
  }

  // ---- API ---------------------------------------------------------------------------------

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public String connectionToken() {
    return connectionToken;
  }

  @Override
  public TransportType transport() {
    TransportType t = transport;
    if (t == null) {
      throw new IllegalStateException("Connection " + connectionId + " has no transport yet");
    }
    return t;
  }

  @Nullable TransportType transportOrNull() {
    return transport;
  }

  @Override
  public TransportApplication application() {
    return application;
  }

  @Override
  public TransportUser user() {
    return user;
  }

  @Override
  public TransportRequest request() {
    TransportRequest r = request;
    if (r == null) {
      throw new IllegalStateException("Connection " + connectionId + " has not started a transport yet");
    }
    return r;
  }

  void updateRequest(TransportRequest request, TransportUser user) {
    this.request = request;
    this.user = user;
  }

  @Override
  public int negotiateVersion() {
    return negotiateVersion;
  }

  @Override
  public boolean statefulReconnect() {
    return statefulReconnect;
  }

  @Override
  public Map<String, Object> attributes() {
    Map<String, Object> a = attributes;
    if (a == null) {
      synchronized (this) {
        a = attributes;
        if (a == null) {
          a = new ConcurrentHashMap<>(4);
          attributes = a;
        }
      }
    }
    return a;
  }

  @Override
  public @Nullable Object attachment() {
    return attachment;
  }

  @Override
  public void attach(@Nullable Object state) {
    attachment = state;
  }

  @Override
  public EventLoop eventLoop() {
    return loop();
  }

  EventLoop loop() {
    EventLoop l = loop;
    if (l == null) {
      throw new IllegalStateException("Connection " + connectionId + " is not bound to an event loop yet");
    }
    return l;
  }

  @Override
  public TransferFormat transferFormat() {
    return format;
  }

  @Override
  public void setTransferFormat(TransferFormat format) {
    if (format == TransferFormat.BINARY && transport == TransportType.SERVER_SENT_EVENTS) {
      throw new IllegalArgumentException("Server-Sent Events carry text only; connection "
          + connectionId + " cannot use the Binary transfer format (MessagePack needs WebSockets or long polling)");
    }
    this.format = format;
  }

  @Override
  public boolean write(ByteBuf payload) {
    if (closed || !reserve(payload)) {
      return false;
    }
    Outbound o = new Outbound(payload.retain(), payload.readerIndex(), payload.readableBytes(), format);
    LoopFlusher f = flusher;
    if (f != null && (writesBehind > 0 || f.fanoutsPending())) {
      // A fan-out to this loop is on its way; this write must not overtake it (the same sender may have sent
      // it), so it takes the same road: a task on the loop, which runs after the fan-out's. So does every write
      // while one is on that road, even once the fan-out is placed: the same sender's next write must not
      // overtake it either.
      WRITES_BEHIND.incrementAndGet(this);
      f.later(this, o);
      return true;
    }
    enqueue(o);
    return true;
  }

  /** Queues a write that waited behind a fan-out ({@link #write}); on the loop, or where the loop refused it. */
  void enqueueBehind(@Nullable Outbound o) {
    try {
      if (o != null) {
        enqueue(o);
      }
    } finally {
      WRITES_BEHIND.decrementAndGet(this);
    }
  }

  /** Counts the payload's bytes as queued, or aborts the connection as a slow consumer and returns false. */
  private boolean reserve(ByteBuf payload) {
    long own = maxQueuedBytes;
    long limit = own > 0 ? own : server.options().maxOutboundQueueBytes();
    long refusedAt = reserve(payload.readableBytes(), limit);
    if (refusedAt >= 0) {
      // Report what was queued before this payload: the refused bytes were never queued.
      abort(new SlowConsumerException(connectionId, refusedAt, payload.readableBytes(), limit));
      return false;
    }
    return true;
  }

  /**
   * {@link #write} as part of {@code fanout}: a WebSocket connection bound to its loop joins the fan-out's batch
   * for that loop (its bytes counted now, the payload placed when the batch reaches the loop); any other writes
   * at once.
   */
  boolean fanoutWrite(ByteBuf payload, FanoutWriter fanout) {
    LoopFlusher f = flusher;
    if (f == null || transport != TransportType.WEB_SOCKETS) {
      return write(payload);
    }
    if (closed || !reserve(payload)) {
      return false;
    }
    fanout.add(f, this, payload, format);
    return true;
  }

  /**
   * Places a fanned-out payload, entry {@code index} of {@code log}, whose bytes {@link #fanoutWrite} counted.
   * An active WebSocket with nothing else queued extends its run of the log (or starts one); anything else
   * queues the payload as {@link #write} does, behind what is queued. Loop only.
   *
   * @return true when this connection started a run (the caller lists it for the pass)
   */
  boolean placeFanout(FanoutLog log, int index, Outbound entry) {
    if (closed) {
      // Closed (by another thread, or aborted) after the fan-out counted it: give the bytes back.
      written(entry.length(), true);
      return false;
    }
    if (state == State.ACTIVE && !hasOutbound()) {
      if (logOf == null) {
        logOf = log;
        logStart = index;
        logEnd = index + 1;
        logBytes = entry.length();
        return true;
      }
      if (logOf == log && logEnd == index) {
        logEnd++;
        logBytes += entry.length();
        return false;
      }
    }
    enqueue(new Outbound(entry.source().retain(), entry.index(), entry.length(), entry.format()));
    return false;
  }

  /** Queues {@code o}, its bytes counted and its reference owned, and makes sure the loop flushes it. */
  void enqueue(Outbound o) {
    addReserved(o);
    scheduleFlush();
  }

  /** Forgets the run of the fan-out log once written. Loop only. */
  void clearLog() {
    logOf = null;
    logBytes = 0;
  }

  /** Drops the run of the fan-out log unwritten (the connection ended, or its flush failed). Loop only. */
  void dropLog() {
    if (logOf != null) {
      long bytes = logBytes;
      clearLog();
      written(bytes, closed);
    }
  }

  @Override
  Backlog backlog() {
    return server.backlog();
  }

  @Override
  public long queuedBytes() {
    return bytes();
  }

  @Override
  public CompletionStage<Void> whenQueuedAtMost(long bytes) {
    return whenAtMost(bytes, closed);
  }

  @Override
  public void setMaxOutboundQueueBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxOutboundQueueBytes must be positive, was " + bytes);
    }
    maxQueuedBytes = bytes;
  }

  @Override
  public void pauseReading() {
    onLoop(() -> {
      if (!readingPaused && state != State.CLOSED) {
        readingPaused = true;
        TransportSink s = sink;
        if (s != null) {
          s.readingPaused(true);
        }
      }
    });
  }

  @Override
  public void resumeReading() {
    onLoop(() -> {
      if (!readingPaused) {
        return;
      }
      readingPaused = false;
      // Messages read before the pause took effect go first; the handler may pause again meanwhile.
      ByteBuf data;
      HeldInput h = held;
      while (!readingPaused && h != null && (data = h.pollData()) != null) {
        try {
          deliver(data);
        } finally {
          data.release();
        }
      }
      if (readingPaused) {
        return;
      }
      TransportSink s = sink;
      if (s != null) {
        s.readingPaused(false);
      }
      if (h != null) {
        held = null;
        h.releaseSends();
      }
    });
  }

  private HeldInput held() {
    HeldInput h = held;
    if (h == null) {
      h = new HeldInput();
      held = h;
    }
    return h;
  }

  /** Whether reading is paused. Loop only. */
  boolean readingPaused() {
    return readingPaused;
  }

  /** Whether a client's send waits for the resume (for tests). Loop only. */
  public boolean hasHeldSends() {
    HeldInput h = held;
    return h != null && h.hasSends();
  }

  /** Holds the answer to a client's send until reading resumes (or the connection ends). Loop only. */
  void holdSend(Runnable answer) {
    held().holdSend(answer);
  }

  @Override
  public void close(@Nullable String reason) {
    LoopFlusher f = flusher;
    if (f != null && (writesBehind > 0 || f.fanoutsPending())) {
      // Behind the fan-outs and writes on their way to the loop, which the caller may have sent before it: a
      // close run now would end the connection before they are queued.
      f.later(() -> closeOnLoop(reason));
      return;
    }
    onLoop(() -> closeOnLoop(reason));
  }

  @Override
  public void abort(Throwable error) {
    onLoop(() -> abortOnLoop(error));
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  // ---- loop side ---------------------------------------------------------------------------

  /** Runs {@code task} on the connection's loop (now if already there). */
  void onLoop(Runnable task) {
    EventLoop l = loop();
    if (l.inEventLoop()) {
      task.run();
    } else {
      try {
        l.execute(task);
      } catch (RejectedExecutionException e) {
        log.debug("Event loop shut down; dropped a task for connection {}", connectionId);
      }
    }
  }

  private void scheduleFlush() {
    if (flushScheduled == 0 && FLUSH_SCHEDULED.compareAndSet(this, 0, 1)) {
      LoopFlusher f = flusher;
      if (f != null) { // always set: the application gets the connection after the claim
        // The loop's next flush pass writes it, with every other connection written to meanwhile.
        f.dirty(this);
      }
    }
  }

  /** A fan-out batch with {@code bytes} for this connection never reached its loop, which is gone. */
  void flushRejected(long bytes) {
    written(bytes, closed);
    flushRejected();
  }

  /** The loop is gone: nothing queued will be written. */
  void flushRejected() {
    flushScheduled = 0;
    discardOutbound();
  }

  /** The payload copies shared in the current flush pass of this connection's loop. Loop only. */
  SharedPayloads payloads() {
    LoopFlusher f = flusher;
    if (f == null) {
      throw new IllegalStateException("Connection " + connectionId + " is not bound to an event loop yet");
    }
    return f.payloads();
  }

  /** Flushes what is queued, on behalf of the loop's flush pass. Loop only. */
  void runFlush() {
    flushScheduled = 0;
    TransportSink s = sink;
    if (state == State.ACTIVE && s != null) {
      s.flush();
    } else if (state == State.DISCONNECTED || state == State.CLOSED) {
      discardOutbound();
    } else if (state == State.CLOSING && s != null) {
      s.flush(); // long polling delivers what was queued before close
    }
  }

  /** Takes the next queued payload (ownership passes to the caller), or null. Loop only. */
  @Nullable Outbound pollOutbound() {
    return poll();
  }

  /** Whether a long poll is parked on this connection (for tests). Loop only. */
  public boolean hasParkedPoll() {
    return sink instanceof LongPollingHandler lp && lp.hasPoll();
  }

  boolean hasOutbound() {
    return !isEmpty();
  }

  /** Marks {@code bytes} as written to the socket (or handed to a poll response). */
  void written(long bytes) {
    written(bytes, closed);
  }

  /** Releases everything queued. Loop only (or after the loop is gone). */
  void discardOutbound() {
    dropLog();
    discard(closed);
  }

  /** The transport started: attach the sink and tell the application. Loop only. */
  void activate(TransportSink sink) {
    this.sink = sink;
    if (readingPaused) {
      sink.readingPaused(true);
    }
    this.state = State.ACTIVE;
    this.lastSeenNanos = System.nanoTime();
    String shutdown = server.closingReason();
    if (shutdown != null) {
      // The server began closing after this connection was registered: end it as closeAll would.
      closeOnLoop(shutdown);
      terminated(null);
      return;
    }
    if (!started) {
      started = true;
      callHandler("onConnected", () -> application.handler().onConnected(this));
    } else {
      callHandler("onReconnected", () -> application.handler().onReconnected(this));
    }
    // The handler has read what it needs from the headers; an idle connection should not hold them.
    TransportRequest r = request;
    if (r != null) {
      request = r.withoutHeaders();
    }
    if (hasOutbound()) {
      scheduleFlush();
    }
  }

  /** A stateful WebSocket dropped: wait for the client to reconnect. Loop only. */
  void disconnected() {
    state = State.DISCONNECTED;
    sink = null;
    lastSeenNanos = System.nanoTime();
    discardOutbound();
    callHandler("onDisconnected", () -> application.handler().onDisconnected(this));
  }

  void deliver(ByteBuf data) {
    if (state != State.ACTIVE) {
      return;
    }
    if (readingPaused) {
      // Read in the same turn as the message that paused us: kept, in order, until the resume.
      held().holdData(data);
      return;
    }
    lastSeenNanos = System.nanoTime();
    try { // no lambda: this runs for every message
      application.handler().onData(this, data);
    } catch (RuntimeException | Error e) {
      handlerFailed("onData", e);
    }
  }

  private void callHandler(String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      handlerFailed(callback, e);
    }
  }

  private void handlerFailed(String callback, Throwable e) {
    log.warn("ConnectionHandler.{} failed for connection {}; aborting it", callback, connectionId, e);
    if (state != State.CLOSED && !callback.equals("onClosed")) {
      abortOnLoop(e);
    }
  }

  void closeOnLoop(@Nullable String reason) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return;
    }
    closed = true;
    TransportSink s = sink;
    if (state == State.ACTIVE && s != null) {
      s.flush();
      state = State.CLOSING;
      s.close(reason);
    } else {
      terminated(null);
    }
  }

  void abortOnLoop(Throwable error) {
    if (state == State.CLOSED) {
      return;
    }
    closed = true;
    closeError = error;
    TransportSink s = sink;
    if (state == State.ACTIVE && s != null && error instanceof SlowConsumerException) {
      // Every write that was accepted reaches a client that drains in time, before the close: the queue's
      // bound limits what this hands to the socket, and a flush pass may not have run since the last write.
      s.flush();
    }
    discardOutbound();
    if ((state == State.ACTIVE || state == State.CLOSING) && s != null) {
      state = State.CLOSING;
      s.abort(error);
    } else {
      terminated(error);
    }
  }

  /**
   * The connection is over: release everything and tell the application once. Loop only.
   *
   * @param error the cause, or null for a normal end; an earlier {@link #abort} error wins
   */
  void terminated(@Nullable Throwable error) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    closed = true;
    sink = null;
    // Each step on its own: one that fails (a waiter's callback, a buffer released twice) must not keep the
    // others, least of all onClosed, from running. Before, such a failure escaped into channelInactive, where
    // Netty handed it to exceptionCaught, and the application never learned that the connection had ended.
    cleanUp("discarding the outbound queue", this::discardOutbound);
    cleanUp("unregistering", () -> server.registry().remove(this));
    HeldInput h = held;
    if (h != null) {
      held = null;
      cleanUp("releasing held input", h::release);
    }
    cleanUp("releasing drain waiters", () -> releaseWaiters(true));
    EventLoop l = loop;
    if (l != null) {
      cleanUp("leaving the sweep", () -> server.sweeper(l).remove(this));
    }
    Throwable cause = closeError != null ? closeError : error;
    if (started) {
      callHandler("onClosed", () -> application.handler().onClosed(this, cause));
    }
  }

  private void cleanUp(String step, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      log.warn("Connection {} ended, but {} failed; the application is told it ended all the same", connectionId,
          step, e);
    }
  }

  /** One sweep tick. Loop only. */
  void tick(long now) {
    long disconnectNanos = server.options().disconnectTimeout().toNanos();
    switch (state) {
      case NEW -> {
        if (now - lastSeenNanos >= disconnectNanos) {
          terminated(null);
        }
      }
      case DISCONNECTED -> {
        if (now - lastSeenNanos >= disconnectNanos) {
          terminated(null);
        }
      }
      case ACTIVE -> {
        TransportSink s = sink;
        if (s != null) {
          s.tick(now);
        }
        if (state == State.ACTIVE) {
          try { // no lambda: this runs for every connection at every sweep
            application.handler().onHeartbeat(this);
          } catch (RuntimeException | Error e) {
            handlerFailed("onHeartbeat", e);
          }
        }
      }
      case CLOSING -> {
        TransportSink s = sink;
        if (s != null) {
          s.tick(now);
        }
      }
      case CLOSED -> server.sweeper(loop()).remove(this);
    }
  }

  @Override
  public String toString() {
    return "Connection[" + connectionId + ", " + transport + ", " + application.key() + "]";
  }

  @Override
  public int sweepSlot() {
    return sweepSlot;
  }

  @Override
  public void sweepSlot(int slot) {
    sweepSlot = slot;
  }
}
