package dev.hubbub.test.client;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.framing.FrameReader;
import dev.hubbub.protocol.hub.AckMessage;
import dev.hubbub.protocol.hub.CancelInvocationMessage;
import dev.hubbub.protocol.hub.CloseMessage;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.PingMessage;
import dev.hubbub.protocol.hub.SequenceMessage;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.protocol.hub.StreamItemMessage;
import dev.hubbub.protocol.hub.TransferFormat;
import dev.hubbub.test.client.internal.ClientThreads;
import dev.hubbub.test.client.internal.Failures;
import dev.hubbub.test.client.internal.SerialExecutor;
import dev.hubbub.test.client.internal.Transport;
import dev.hubbub.test.client.internal.TransportListener;
import dev.hubbub.test.client.internal.Transports;
import dev.hubbub.test.client.internal.Urls;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client: its transport, the hub protocol handshake, the parse loop, keep-alive and server
 * timeout, and (with stateful reconnect) the replay buffer and the reconnect of a dropped WebSocket to the same
 * connection. Incoming frames are handled one at a time on the client's inbound executor; writes may come from
 * any thread.
 */
final class Link {
  private static final Logger log = LoggerFactory.getLogger(HubTestClient.class);

  /** What a link tells its client. */
  interface Owner {
    /**
     * The link ended without {@link #stop}: lost, closed by the server, or failed.
     *
     * @param error why; null for a normal close
     * @param allowReconnect false when the server's Close message said not to reconnect
     * @param serverError the error of the server's Close message, if any
     */
    void linkLost(Link link, @Nullable Throwable error, boolean allowReconnect, @Nullable String serverError);

    /** A stateful link's WebSocket dropped ({@code error}) and is connected again. */
    void linkResumed(Link link, @Nullable Throwable error);
  }

  final TransportType transportType;
  final @Nullable String connectionId;
  private final Owner owner;
  private final HubTestClientOptions options;
  private final HubProtocol protocol;
  private final Dispatcher dispatcher;
  private final SerialExecutor inbound;
  private final HttpClient http;
  private final URI url;
  private final @Nullable String accessToken;
  private final @Nullable StatefulBuffer stateful;
  private final FrameReader reader;
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final Object writeLock = new Object();

  private volatile Transport transport;
  private final AtomicInteger generation = new AtomicInteger(); // of the transport; bumped by a resume
  private volatile boolean stopping;
  private volatile boolean resuming; // guarded by writeLock for writes; read anywhere
  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  private volatile long lastAckNanos = System.nanoTime();
  private volatile @Nullable ScheduledFuture<?> ticker;
  private boolean activated; // guarded by this
  private @Nullable Runnable deferredLoss; // guarded by this
  // inbound executor only
  private @Nullable HandshakeReader handshakeReader = new HandshakeReader();

  Link(Owner owner, HubTestClientOptions options, HubProtocol protocol, Dispatcher dispatcher, SerialExecutor inbound,
      HttpClient http, TransportType transportType, URI url, @Nullable String accessToken,
      @Nullable String connectionId, boolean stateful) {
    this.owner = owner;
    this.options = options;
    this.protocol = protocol;
    this.dispatcher = dispatcher;
    this.inbound = inbound;
    this.http = http;
    this.transportType = transportType;
    this.url = url;
    this.accessToken = accessToken;
    this.connectionId = connectionId;
    this.stateful = stateful ? new StatefulBuffer(options.statefulReconnectBufferSize()) : null;
    this.reader = protocol.newFrameReader();
    this.transport = newTransport(0);
  }

  boolean isStateful() {
    return stateful != null;
  }

  private Transport newTransport(int gen) {
    TransportListener listener = new TransportListener() {
      @Override
      public void onFrame(byte[] frame) {
        inbound.execute(() -> {
          if (gen == generation.get()) {
            handleFrame(frame);
          }
        });
      }

      @Override
      public void onClosed(@Nullable Throwable error) {
        inbound.execute(() -> {
          if (gen == generation.get()) {
            transportClosed(error);
          }
        });
      }
    };
    return Transports.create(transportType, http, url, accessToken, options, !isText(), listener);
  }

  /** Opens the transport, blocking. */
  void open() throws InterruptedException {
    awaitOpen(transport);
  }

  private void awaitOpen(Transport t) throws InterruptedException {
    try {
      t.connect().get(options.connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      t.abort(cause);
      throw cause instanceof TransportException te ? te
          : new TransportException("Opening " + transportType.wireName() + " to " + Urls.redact(url) + " failed: "
              + Failures.describe(cause) + ".", cause);
    } catch (TimeoutException e) {
      TransportException failure = new TransportException("Opening " + transportType.wireName() + " to "
          + Urls.redact(url) + " did not finish within " + options.connectTimeout().toMillis() + " ms.");
      t.abort(failure);
      throw failure;
    }
  }

  /** Sends the handshake and waits for the server's answer, blocking. */
  void handshake() throws InterruptedException {
    byte[] request = new HandshakeRequest(protocol.name(), stateful != null ? 2 : 1).toBytes();
    transport.send(request, true);
    try {
      handshake.get(options.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      throw cause instanceof HubClientException h ? h
          : new HandshakeException("The handshake failed: " + Failures.describe(cause), null, cause);
    } catch (TimeoutException e) {
      HandshakeException failure = new HandshakeException("The server did not answer the handshake within "
          + options.handshakeTimeout().toMillis() + " ms (" + transportType.wireName() + ", " + protocol.name() + ").",
          null, null);
      failHandshake(failure);
      throw failure;
    }
  }

  /**
   * Tells the owner the link ended, or, before {@link #activate()}, keeps that for then: a connection may be lost
   * between the handshake and the moment its client takes it.
   */
  private void lost(@Nullable Throwable error, boolean allowReconnect, @Nullable String serverError) {
    synchronized (this) {
      if (!activated) {
        deferredLoss = () -> owner.linkLost(this, error, allowReconnect, serverError);
        return;
      }
    }
    owner.linkLost(this, error, allowReconnect, serverError);
  }

  /** Starts the keep-alive, server-timeout and Ack timer; call once the client took the link. */
  void activate() {
    Runnable loss;
    synchronized (this) {
      activated = true;
      loss = deferredLoss;
      deferredLoss = null;
    }
    if (loss != null) {
      loss.run();
      return;
    }
    lastReceivedNanos = System.nanoTime();
    lastSentNanos = System.nanoTime();
    long period = tickMillis();
    ticker = ClientThreads.TIMER.scheduleAtFixedRate(() -> inbound.execute(this::tick), period, period,
        TimeUnit.MILLISECONDS);
  }

  private long tickMillis() {
    long shortest = Math.min(options.keepAliveInterval().toMillis(), options.serverTimeout().toMillis()) / 4;
    return Math.max(10, Math.min(1000, shortest));
  }

  // ---- inbound (one thread at a time)

  private void handleFrame(byte[] frame) {
    if (ended.isDone()) {
      return;
    }
    lastReceivedNanos = System.nanoTime();
    ByteBuffer data = ByteBuffer.wrap(frame);
    HandshakeReader pending = handshakeReader;
    if (pending != null) {
      ByteBuffer rest;
      try {
        rest = pending.read(frame);
      } catch (HandshakeException e) {
        failHandshake(e);
        return;
      }
      if (rest == null) {
        return;
      }
      handshakeReader = null;
      handshake.complete(null);
      data = rest;
      if (!data.hasRemaining()) {
        return;
      }
    }
    try {
      protocol.parse(data, reader, (message, payload) -> handleMessage(message));
      if (reader.hasPartialMessage()) {
        throw new ProtocolException("The " + frameName() + " ends inside a " + protocol.name() + " hub message; "
            + "SignalR servers must send whole messages in each frame (the official clients fail on this too).");
      }
    } catch (ProtocolException e) {
      reader.reset();
      fail(new ServerProtocolException("The server sent bad " + protocol.name() + " hub protocol data over "
          + transportType.wireName() + ": " + e.getMessage(), e), true);
    }
  }

  private String frameName() {
    return switch (transportType) {
      case WEB_SOCKETS -> "WebSocket message";
      case SERVER_SENT_EVENTS -> "Server-Sent Event";
      case LONG_POLLING -> "long-poll response";
    };
  }

  private void handleMessage(HubMessage message) throws ProtocolException {
    StatefulBuffer s = stateful;
    if (s != null && message.type().isTrackable() && !s.accept()) {
      return;
    }
    if (message instanceof InvocationMessage m) {
      dispatcher.onInvocation(this, m);
    } else if (message instanceof StreamItemMessage m) {
      dispatcher.onStreamItem(m);
    } else if (message instanceof CompletionMessage m) {
      dispatcher.onCompletion(m);
    } else if (message instanceof CloseMessage m) {
      closeReceived(m);
    } else if (message instanceof AckMessage m) {
      if (s != null) {
        ack(m.sequenceId());
      }
    } else if (message instanceof SequenceMessage m) {
      if (s != null) {
        s.sequence(m.sequenceId());
      }
    } else if (message instanceof StreamInvocationMessage || message instanceof CancelInvocationMessage) {
      log.debug("Ignored a {} from the server: clients do not take them", message.type());
    }
    // Ping: nothing to do; receiving it reset the server timeout
  }

  private void closeReceived(CloseMessage close) {
    String error = close.error();
    Throwable cause = error == null ? null
        : new ConnectionClosedException("The server closed the connection with an error: " + error, error, null);
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    stopTicker();
    transport.stop(options.httpTimeout());
    ended.complete(null);
    lost(cause, close.allowReconnect(), error);
  }

  private void transportClosed(@Nullable Throwable error) {
    if (ended.isDone()) {
      return;
    }
    if (!handshake.isDone()) {
      failHandshake(error instanceof HubClientException h ? h : new HandshakeException("The connection closed "
          + "before the server answered the handshake" + (error == null ? "." : ": " + error.getMessage()), null,
          error));
      return;
    }
    if (stopping) {
      finish();
      return;
    }
    if (resuming) {
      return; // the transport of a resume attempt: the attempt reports its own outcome
    }
    if (stateful != null && transportType == TransportType.WEB_SOCKETS) {
      resume(error);
      return;
    }
    if (ending.compareAndSet(false, true)) {
      stopTicker();
      ended.complete(null);
      lost(error, true, null);
    }
  }

  private void tick() {
    if (ending.get()) {
      return;
    }
    long now = System.nanoTime();
    if (transportType != TransportType.LONG_POLLING && !resuming) {
      if (now - lastReceivedNanos > options.serverTimeout().toNanos()) {
        fail(new HubTimeoutException("Server timeout elapsed without receiving a message from the server ("
            + options.serverTimeout().toMillis() + " ms, serverTimeout)."), true);
        return;
      }
      if (now - lastSentNanos >= options.keepAliveInterval().toNanos()) {
        writeQuietly(PingMessage.INSTANCE);
      }
    }
    StatefulBuffer s = stateful;
    if (s != null && !resuming && now - lastAckNanos >= 1_000_000_000L) {
      long ack = s.ackDue();
      if (ack > 0) {
        lastAckNanos = now;
        writeQuietly(new AckMessage(ack));
      }
    }
  }

  // ---- stateful reconnect

  private void resume(@Nullable Throwable error) {
    StatefulBuffer s = stateful;
    if (s == null) {
      return;
    }
    synchronized (writeLock) {
      resuming = true;
    }
    s.disconnected();
    int gen = generation.incrementAndGet();
    log.debug("Connection {} dropped ({}); reconnecting its WebSocket (stateful reconnect)", connectionId,
        error == null ? "closed" : error.getMessage());
    ClientThreads.POOL.execute(() -> {
      Transport next = newTransport(gen);
      try {
        awaitOpen(next);
      } catch (TransportException | InterruptedException e) {
        inbound.execute(() -> {
          if (gen == generation.get() && ending.compareAndSet(false, true)) {
            stopTicker();
            ended.complete(null);
            lost(error != null ? error : e, true, null);
          }
        });
        return;
      }
      synchronized (writeLock) {
        if (ending.get() || stopping) {
          next.abort(new TransportException("The client stopped while reconnecting."));
          return;
        }
        transport = next;
        next.send(protocol.write(new SequenceMessage(s.firstUnacked())), isText());
        for (byte[] m : s.unackedMessages()) {
          next.send(m, isText());
        }
        lastSentNanos = System.nanoTime();
        lastReceivedNanos = System.nanoTime();
        resuming = false;
      }
      log.debug("Connection {} resumed", connectionId);
      owner.linkResumed(this, error);
    });
  }

  private void ack(long id) {
    StatefulBuffer s = stateful;
    if (s == null) {
      return;
    }
    synchronized (writeLock) {
      for (StatefulBuffer.Held h : s.ack(id)) {
        if (resuming) {
          h.done().complete(null); // replayed once the WebSocket is back
        } else {
          transport.send(h.bytes(), isText()).whenComplete((v, e) -> complete(h.done(), e));
        }
      }
    }
  }

  private static void complete(CompletableFuture<Void> f, @Nullable Throwable e) {
    if (e == null) {
      f.complete(null);
    } else {
      f.completeExceptionally(e);
    }
  }

  // ---- writing

  private boolean isText() {
    return protocol.transferFormat() == TransferFormat.TEXT;
  }

  /** Writes a message; the future completes when the transport took it (or the replay buffer, while resuming). */
  CompletableFuture<Void> write(HubMessage message) {
    byte[] bytes = protocol.write(message);
    synchronized (writeLock) {
      if (ending.get()) {
        return CompletableFuture.failedFuture(new ConnectionClosedException(
            "Cannot send data if the connection is not in the 'Connected' State.", null, null));
      }
      StatefulBuffer s = stateful;
      if (s != null && message.type().isTrackable()) {
        if (!s.admit(bytes)) {
          CompletableFuture<Void> held = new CompletableFuture<>();
          s.hold(bytes, held);
          return held;
        }
        if (!resuming) {
          lastSentNanos = System.nanoTime();
          // Kept until acknowledged: if this transport fails, the resumed one replays it. So it counts as sent.
          transport.send(bytes, isText());
        }
        return CompletableFuture.completedFuture(null);
      } else if (resuming) {
        return CompletableFuture.completedFuture(null); // pings and acks are not replayed
      }
      lastSentNanos = System.nanoTime();
      return transport.send(bytes, isText());
    }
  }

  /** Writes a message, logging instead of failing. */
  void writeQuietly(HubMessage message) {
    write(message).whenComplete((v, e) -> {
      if (e != null) {
        log.debug("Could not send {}: {}", message.type(), e.getMessage());
      }
    });
  }

  // ---- ending

  private void failHandshake(HubClientException error) {
    handshake.completeExceptionally(error);
    if (ending.compareAndSet(false, true)) {
      ended.complete(null);
      transport.abort(error);
    }
  }

  /** Ends the link because of {@code error} found here (bad data, server timeout). */
  private void fail(HubClientException error, boolean allowReconnect) {
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    stopTicker();
    transport.abort(error);
    ended.complete(null);
    lost(error, allowReconnect, null);
  }

  private void finish() {
    ending.set(true);
    stopTicker();
    ended.complete(null);
  }

  private void stopTicker() {
    ScheduledFuture<?> t = ticker;
    if (t != null) {
      t.cancel(false);
    }
  }

  /**
   * Stops gracefully: a Close message, then the transport's close, waiting up to {@code timeout}. The owner is not
   * told: the caller handles its own state.
   */
  void stop(Duration timeout) throws InterruptedException {
    stopping = true;
    if (!ending.get()) {
      writeQuietly(CloseMessage.EMPTY);
      transport.stop(timeout);
      try {
        ended.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        transport.abort(new TransportException("The transport did not close within " + timeout.toMillis() + " ms."));
      }
    }
    finish();
  }

  /** Drops the transport as a network failure would (a test's way to see reconnects). */
  void abortTransport() {
    transport.abort(new TransportException("The transport was aborted by abortTransport() (a simulated network "
        + "failure)."));
  }

  /** Drops everything at once, without telling the owner (a link that is no longer wanted). */
  void discard(Throwable reason) {
    stopping = true;
    if (ending.compareAndSet(false, true)) {
      stopTicker();
      transport.abort(reason);
      ended.complete(null);
    }
  }

  @Override
  public String toString() {
    return "Link[" + transportType.wireName() + ", " + Urls.redact(url) + ", connectionId=" + connectionId
        + (stateful != null ? ", stateful" : "") + "]";
  }
}
