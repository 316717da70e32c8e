package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceErrorMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One WebSocket to the service's {@code /server/?hub=} endpoint, redialed with the SDK's backoff when it
 * drops. Each dial is a {@link Link}; callbacks of an old link are ignored. Incoming messages arrive in order
 * on the JDK WebSocket's thread (one at a time: the next is requested after the current one is handled);
 * outgoing messages are queued and written by the owner's scheduler thread one frame at a time, with every message
 * that piled up meanwhile in the frame (up to 64 KiB), so a sender that sends fast pays for the encoding, not for
 * a system call per message. Nothing here blocks.
 *
 * <p>The owner calls {@link #connect()} once, {@link #tick(long)} from a timer (keep-alive and timeouts) and
 * {@link #stop()} at the end. Bad data from the service (a protocol error, a text frame, a first message that
 * is not a handshake response, a {@code ServiceError}) drops that link and redials; it is logged once per link.
 */
public final class ServiceConnection {
  /** The span attribute holding the connection's index among its hub's connections. */
  public static final AttributeKey<Long> INDEX = AttributeKey.longKey("signalr.service_connection.index");
  /** In a link's outbox after the last message: the close frame goes out once everything before it is written. */
  private static final byte[] CLOSE = new byte[0];

  /** The most bytes of messages written in one frame: the service's default frame limit. */
  static final int MAX_BATCH = 64 * 1024;

  private final String hubName;
  private final int index;
  private final ServiceConnectionConfig config;
  private final ServiceConnectionHandler handler;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Tracer tracer;
  private final Attributes spanAttributes;
  private final Logger log;
  private volatile ServiceConnectionStatus status = ServiceConnectionStatus.CONNECTING;
  private volatile @Nullable Link link;
  private volatile boolean stopped;
  private volatile @Nullable String lastError;
  // touched by one link's callbacks at a time
  private int attempt;
  private final CompletableFuture<Void> finAck = new CompletableFuture<>();

  /**
   * @param hubName the hub as the service knows it, for logs and the span name
   * @param index this connection's place among the hub's connections, for logs and spans
   * @param config timings, connection type and headers
   * @param handler supplies URL and token per dial, hears messages and state changes
   * @param http opens the WebSockets (must allow HTTP/1.1)
   * @param scheduler runs redials and writes to the socket; the owner's timer calls {@link #tick(long)}
   * @param tracer makes one client span per dial, {@code signalr service connection <hub>}
   * @param spanAttributes added to the span of every dial (which also carries {@link #INDEX})
   * @param log where connects, losses and redials are logged
   */
  public ServiceConnection(String hubName, int index, ServiceConnectionConfig config, ServiceConnectionHandler handler,
      HttpClient http, ScheduledExecutorService scheduler, Tracer tracer, Attributes spanAttributes, Logger log) {
    this.hubName = hubName;
    this.index = index;
    this.config = config;
    this.handler = handler;
    this.http = http;
    this.scheduler = scheduler;
    this.tracer = tracer;
    this.spanAttributes = spanAttributes;
    this.log = log;
  }

  /** This connection's index among its hub's connections. */
  public int index() {
    return index;
  }

  /** The current state. */
  public ServiceConnectionStatus status() {
    return status;
  }

  /** Why the last link ended, or null while none has. */
  public @Nullable String lastError() {
    return lastError;
  }

  /** Completes when the service answers the shutdown ping ({@code finack}). */
  public CompletableFuture<Void> finAck() {
    return finAck;
  }

  /** Dials (again). */
  public void connect() {
    if (stopped) {
      return;
    }
    status = ServiceConnectionStatus.CONNECTING;
    Link l = new Link();
    link = l;
    l.open();
  }

  /** Queues a message on the current link; false when there is no open link. */
  public boolean send(ServiceMessage message) {
    Link l = link;
    if (l == null || l.ws == null) {
      return false;
    }
    return l.send(ServiceProtocol.write(message));
  }

  /** Keep-alive and timeout checks, from the owner's timer; {@code now} is {@link System#nanoTime()}. */
  public void tick(long now) {
    Link l = link;
    if (l == null || l.closed.get()) {
      return;
    }
    if (status == ServiceConnectionStatus.CONNECTING) {
      if (now - l.startedNanos > config.handshakeTimeout().toNanos()) {
        l.fail("no handshake response from the service within " + config.handshakeTimeout().toMillis() + " ms");
      }
      return;
    }
    if (status != ServiceConnectionStatus.CONNECTED) {
      return;
    }
    if (now - l.lastReceivedNanos > config.serviceTimeout().toNanos()) {
      l.fail("the service sent nothing for " + config.serviceTimeout().toMillis() + " ms");
      return;
    }
    if (now - l.lastSentNanos >= config.keepAliveInterval().toNanos()) {
      l.send(ServiceProtocol.write(PingMessage.KEEP_ALIVE));
    }
  }

  /** Sends the graceful-shutdown ping ({@code shutdown}, {@code fin:0}); {@link #finAck()} completes on the answer. */
  public boolean sendFin() {
    if (status != ServiceConnectionStatus.CONNECTED) {
      finAck.complete(null);
      return false;
    }
    return send(PingMessage.shutdown(0));
  }

  /** Stops for good: no more redials; the socket closes normally. */
  public void stop() {
    stopped = true;
    status = ServiceConnectionStatus.STOPPED;
    Link l = link;
    if (l != null) {
      l.shutdown();
    }
  }

  private void scheduleReconnect() {
    if (stopped) {
      status = ServiceConnectionStatus.STOPPED;
      return;
    }
    status = ServiceConnectionStatus.DISCONNECTED;
    List<Duration> delays = config.reconnectDelays();
    long delay = delays.get(Math.min(attempt, delays.size() - 1)).toMillis();
    long jitter = config.reconnectJitter().toMillis();
    if (jitter > 0) {
      delay += ThreadLocalRandom.current().nextLong(jitter + 1);
    }
    attempt++;
    log.info("Service connection {}#{} reconnects in {} ms (attempt {})", hubName, index, delay, attempt);
    try {
      scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the owner shut its scheduler down: nothing to redial for
      status = ServiceConnectionStatus.STOPPED;
    }
  }

  @Override
  public String toString() {
    return "ServiceConnection[" + hubName + "#" + index + ", " + status + "]";
  }

  /** One dial of the WebSocket. */
  private final class Link implements WebSocket.Listener {
    final long startedNanos = System.nanoTime();
    final AtomicBoolean closed = new AtomicBoolean();
    private final ServiceMessageReader reader = new ServiceMessageReader(config.maxMessageSize());
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    /** Held by the one thread writing to the socket (and for good once the close frame is on its way). */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** A drain task is queued on the scheduler (it may never run if the owner shuts the scheduler down). */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Set by {@link #shutdown()}: what is queued is still written, then the close frame. */
    private volatile boolean shuttingDown;
    private final AtomicLong queuedBytes = new AtomicLong(); // in the outbox, not yet handed to the socket
    private final Span span;
    volatile @Nullable WebSocket ws;
    volatile long lastReceivedNanos = System.nanoTime();
    volatile long lastSentNanos = System.nanoTime();
    private boolean handshaken;

    Link() {
      span = tracer.spanBuilder("signalr service connection " + hubName).setSpanKind(SpanKind.CLIENT).setNoParent()
          .setAllAttributes(spanAttributes).setAttribute(INDEX, (long) index).startSpan();
    }

    void open() {
      URI uri;
      String token;
      try {
        uri = handler.serverUrl();
        token = handler.accessToken();
      } catch (RuntimeException e) {
        fail("cannot build the service URL or token: " + rootMessage(e));
        return;
      }
      log.debug("Service connection {}#{} dialing {}", hubName, index, uri);
      try {
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .header("X-ASRS-Server-Id", config.serverId())
            .header("Asrs-User-Agent", config.userAgent())
            .header("X-Requested-With", "XMLHttpRequest")
            .connectTimeout(config.handshakeTimeout())
            .buildAsync(uri, this)
            .whenComplete((w, e) -> {
              if (e != null) {
                fail("cannot connect to " + uri + ": " + rootMessage(e));
              }
            });
      } catch (RuntimeException e) {
        fail("cannot connect to " + uri + ": " + rootMessage(e));
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      if (stopped || link != this) {
        webSocket.abort();
        return;
      }
      send(ServiceProtocol.write(new HandshakeRequestMessage(HandshakeRequestMessage.PROTOCOL_VERSION,
          config.connectionType().code(), "", 0, MessageExtensions.NONE, false)));
      webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      lastReceivedNanos = System.nanoTime();
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      try {
        reader.read(ByteBuffer.wrap(copy), this::handle);
      } catch (ProtocolException e) {
        fail("bad data from the service: " + e.getMessage());
        return null;
      } catch (RuntimeException e) {
        log.warn("Service connection {}#{}: handling a message failed", hubName, index, e);
      }
      if (!closed.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      fail("the service sent a text frame");
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastReceivedNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      lost("the service closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      lost("connection error: " + rootMessage(error));
    }

    private void handle(ServiceMessage message) {
      if (link != this || closed.get()) {
        return;
      }
      if (!handshaken) {
        if (!(message instanceof HandshakeResponseMessage response)) {
          fail("the service's first message was not a HandshakeResponse but type " + message.type());
          return;
        }
        String error = response.errorMessage();
        if (error != null && !error.isEmpty()) {
          log.error("Service refused the handshake of {}#{}: {}", hubName, index, error);
          stopped = true;
          span.setStatus(StatusCode.ERROR, error);
          fail("handshake refused: " + error);
          return;
        }
        handshaken = true;
        attempt = 0;
        status = ServiceConnectionStatus.CONNECTED;
        span.addEvent("connected");
        log.info("Service connection {}#{} connected", hubName, index);
        handler.connected(ServiceConnection.this);
        return;
      }
      if (message instanceof PingMessage ping) {
        ping(ping);
      } else if (message instanceof ServiceErrorMessage error) {
        fail("service error: " + error.errorMessage());
      } else {
        handler.received(ServiceConnection.this, message);
      }
    }

    private void ping(PingMessage ping) {
      List<String> m = ping.messages();
      for (int i = 0; i + 1 < m.size(); i += 2) {
        String key = m.get(i);
        String value = m.get(i + 1);
        if (PingMessage.SHUTDOWN.equals(key) && PingMessage.FIN_ACK.equals(value)) {
          finAck.complete(null);
        } else if (PingMessage.ECHO.equals(key)) {
          send(ServiceProtocol.write(PingMessage.of(PingMessage.ECHO, value)));
        } else if (PingMessage.OFFLINE.equals(key)) {
          log.info("Service instance {} went offline", value);
        } else if (PingMessage.FIN_ACK.equals(key) || (PingMessage.SHUTDOWN.equals(key) && value.startsWith("finack"))) {
          finAck.complete(null);
        }
      }
    }

    boolean send(byte[] framed) {
      if (closed.get()) {
        return false;
      }
      long queued = queuedBytes.addAndGet(framed.length);
      long limit = config.maxQueuedBytes();
      if (queued > limit && queued > framed.length) {
        queuedBytes.addAndGet(-framed.length);
        fail("the service is not taking what is sent: " + (queued - framed.length) + " bytes wait for it and "
            + framed.length + " more would pass the limit of " + limit + " bytes (maxQueuedBytes)");
        return false;
      }
      outbox.add(framed);
      if (!writing.get() && !drainQueued.get() && drainQueued.compareAndSet(false, true)) {
        try {
          scheduler.execute(this::drainTask);
        } catch (RejectedExecutionException e) {
          drainTask(); // the owner is stopping: the caller writes
        }
      }
      return true;
    }

    /**
     * Writes on the owner's scheduler thread, so a caller that sends fast goes on encoding while one thread writes
     * what piled up meanwhile, many messages per frame and system call. The task takes {@link #writing} only when
     * it runs: a task the owner's shutdown drops holds nothing, and {@link #shutdown()} can still write.
     */
    private void drainTask() {
      drainQueued.set(false);
      if (!outbox.isEmpty() && writing.compareAndSet(false, true)) {
        drain();
      }
    }

    /**
     * Writes the outbox in frames of up to {@link #MAX_BATCH} bytes, one at a time; the caller holds
     * {@link #writing}, which is held on while a frame's write is pending and released when nothing is left.
     */
    private void drain() {
      WebSocket w = ws;
      while (true) {
        if (w == null || (closed.get() && !shuttingDown)) {
          writing.set(false);
          return;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] next;
        // A frame holds whole messages and stays within MAX_BATCH (the service's frame limit); a bigger message
        // goes alone. Only the holder of the flag takes from the outbox, so what peek sees is what poll takes.
        while ((next = outbox.peek()) != null && next != CLOSE
            && (batch.size() == 0 || batch.size() + next.length <= MAX_BATCH)) {
          outbox.poll();
          batch.write(next, 0, next.length);
          queuedBytes.addAndGet(-next.length);
        }
        if (batch.size() == 0 && outbox.peek() == CLOSE) {
          // Everything queued before the shutdown is written: the close frame ends the socket. The flag stays
          // held, nothing is written after it.
          outbox.poll();
          w.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).whenComplete((x, e) -> w.abort());
          return;
        }
        if (batch.size() == 0) {
          writing.set(false);
          // A message added after the poll and before the release found the flag held: take it back for it.
          if (outbox.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        lastSentNanos = System.nanoTime();
        CompletableFuture<WebSocket> sent;
        try {
          sent = w.sendBinary(ByteBuffer.wrap(batch.toByteArray()), true);
        } catch (RuntimeException e) {
          writing.set(false);
          lost("write failed: " + rootMessage(e));
          return;
        }
        if (!sent.isDone()) {
          sent.whenComplete((x, e) -> {
            if (e != null) {
              writing.set(false);
              lost("write failed: " + rootMessage(e));
            } else {
              drain(); // still holding the flag
            }
          });
          return;
        }
        if (sent.isCompletedExceptionally()) {
          writing.set(false);
          lost("write failed");
          return;
        }
      }
    }

    /**
     * Our side gives up on this link: handle it as lost for {@code why}, which aborts the socket (recorded first,
     * so that the abort's own failures, such as a pending write's, do not take its place), then abort.
     */
    void fail(String why) {
      lost(why);
      WebSocket w = ws;
      if (w != null) {
        w.abort();
      }
    }

    private void lost(String why) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      WebSocket w = ws;
      if (w != null && !w.isOutputClosed()) {
        w.abort();
      }
      outbox.clear();
      if (stopped && status == ServiceConnectionStatus.STOPPED) {
        span.end();
        return;
      }
      if (reader.hasPartialMessage()) {
        why += ", in the middle of a message (its start was received, the rest never came; dropped)";
      }
      lastError = why;
      log.warn("Service connection {}#{} lost: {}", hubName, index, why);
      span.setStatus(StatusCode.ERROR, why);
      span.end();
      if (link == this) {
        status = stopped ? ServiceConnectionStatus.STOPPED : ServiceConnectionStatus.DISCONNECTED;
        handler.lost(ServiceConnection.this, why);
        scheduleReconnect();
      }
    }

    /** Graceful end (owner stopping). */
    void shutdown() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      shuttingDown = true;
      WebSocket w = ws;
      if (w != null) {
        // Behind what is queued (a stopping server's Close messages to its clients, say): the writer sends the
        // close frame once those are written. Written here unless a writer is at work, which will reach it.
        outbox.add(CLOSE);
        if (writing.compareAndSet(false, true)) {
          drain();
        }
      }
      span.end();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
