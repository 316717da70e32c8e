package dev.hubbub.server.internal;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.PingMessage;
import dev.hubbub.protocol.service.ServiceErrorMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import dev.hubbub.server.ServiceConnectionState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket from the hub server to the service's {@code /server/?hub=} endpoint, redialed with the SDK's
 * backoff when it drops. Each dial is a {@link Link}; callbacks of an old link are ignored. Incoming
 * messages arrive in order on the JDK WebSocket's thread (one at a time: the next is requested after the
 * current one is handled); outgoing messages are queued and written one frame at a time, several messages
 * per frame when they pile up. Nothing here blocks.
 */
final class ServiceConnection {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");
  private static final int MAX_BATCH = 64 * 1024;

  private final ServiceHub hub;
  final int index;
  private volatile ServiceConnectionState state = ServiceConnectionState.CONNECTING;
  private volatile @Nullable Link link;
  private volatile boolean stopped;
  private int attempt;
  private final CompletableFuture<Void> finAck = new CompletableFuture<>();

  ServiceConnection(ServiceHub hub, int index) {
    this.hub = hub;
    this.index = index;
  }

  ServiceConnectionState state() {
    return state;
  }

  CompletableFuture<Void> finAck() {
    return finAck;
  }

  /** Dials (again). */
  void connect() {
    if (stopped) {
      return;
    }
    state = ServiceConnectionState.CONNECTING;
    Link l = new Link();
    link = l;
    l.open();
  }

  /** Queues a message on the current link; false when there is no connected link. */
  boolean send(ServiceMessage message) {
    Link l = link;
    if (l == null || l.ws == null) {
      return false;
    }
    return l.send(ServiceProtocol.write(message));
  }

  /** Keep-alive and timeout checks, from the hub's timer. */
  void tick(long now) {
    Link l = link;
    if (l == null || l.closed.get()) {
      return;
    }
    if (state == ServiceConnectionState.CONNECTING) {
      if (now - l.startedNanos > hub.options().handshakeTimeout().toNanos()) {
        l.fail("no handshake response from the service within " + hub.options().handshakeTimeout().toMillis() + " ms");
      }
      return;
    }
    if (state != ServiceConnectionState.CONNECTED) {
      return;
    }
    if (now - l.lastReceivedNanos > hub.options().serviceTimeout().toNanos()) {
      l.fail("the service sent nothing for " + hub.options().serviceTimeout().toMillis() + " ms");
      return;
    }
    if (now - l.lastSentNanos >= hub.options().keepAliveInterval().toNanos()) {
      l.send(ServiceProtocol.write(PingMessage.KEEP_ALIVE));
    }
  }

  /** Sends the graceful-shutdown ping ({@code shutdown}, {@code fin:0}); {@link #finAck()} completes on the answer. */
  boolean sendFin() {
    if (state != ServiceConnectionState.CONNECTED) {
      finAck.complete(null);
      return false;
    }
    return send(PingMessage.shutdown(0));
  }

  /** Stops for good: no more reconnects; the socket closes normally. */
  void stop() {
    stopped = true;
    state = ServiceConnectionState.STOPPED;
    Link l = link;
    if (l != null) {
      l.shutdown();
    }
  }

  private void scheduleReconnect() {
    if (stopped) {
      state = ServiceConnectionState.STOPPED;
      return;
    }
    state = ServiceConnectionState.DISCONNECTED;
    List<java.time.Duration> delays = hub.options().reconnectDelays();
    long delay = delays.get(Math.min(attempt, delays.size() - 1)).toMillis();
    long jitter = hub.options().reconnectJitter().toMillis();
    if (jitter > 0) {
      delay += ThreadLocalRandom.current().nextLong(jitter + 1);
    }
    attempt++;
    log.info("Service connection {}#{} reconnects in {} ms (attempt {})", hub.hubName(), index, delay, attempt);
    hub.scheduler().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  /** One dial of the WebSocket. */
  final class Link implements WebSocket.Listener {
    final long startedNanos = System.nanoTime();
    final AtomicBoolean closed = new AtomicBoolean();
    private final ServiceMessageReader reader = new ServiceMessageReader(hub.maxServiceMessageSize());
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Span span;
    volatile @Nullable WebSocket ws;
    volatile long lastReceivedNanos = System.nanoTime();
    volatile long lastSentNanos = System.nanoTime();
    private boolean handshaken;

    Link() {
      span = hub.startSpan(index);
    }

    void open() {
      URI uri = hub.serverUrl();
      log.debug("Service connection {}#{} dialing {}", hub.hubName(), index, uri);
      hub.httpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + hub.serverToken())
          .header("X-ASRS-Server-Id", hub.options().serverId())
          .header("Asrs-User-Agent", "hubbub-server")
          .header("X-Requested-With", "XMLHttpRequest")
          .connectTimeout(hub.options().handshakeTimeout())
          .buildAsync(uri, this)
          .whenComplete((w, e) -> {
            if (e != null) {
              fail("cannot connect to " + uri + ": " + rootMessage(e));
            }
          });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      if (stopped || link != this) {
        webSocket.abort();
        return;
      }
      send(ServiceProtocol.write(new HandshakeRequestMessage(HandshakeRequestMessage.PROTOCOL_VERSION, 0, "", 0,
          MessageExtensions.NONE, false)));
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      lastReceivedNanos = System.nanoTime();
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      try {
        reader.read(ByteBuffer.wrap(copy), this::handle);
      } catch (ProtocolException e) {
        fail("bad data from the service: " + e.getMessage());
        return null;
      } catch (RuntimeException e) {
        log.warn("Service connection {}#{}: handling a message failed", hub.hubName(), index, e);
      }
      if (!closed.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      fail("the service sent a text frame");
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastReceivedNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
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
          log.error("Service refused the handshake of {}#{}: {}", hub.hubName(), index, error);
          stopped = true;
          span.setStatus(StatusCode.ERROR, error);
          fail("handshake refused: " + error);
          return;
        }
        handshaken = true;
        attempt = 0;
        state = ServiceConnectionState.CONNECTED;
        span.addEvent("connected");
        log.info("Service connection {}#{} connected", hub.hubName(), index);
        hub.stateChanged();
        return;
      }
      if (message instanceof OpenConnectionMessage open) {
        hub.open(ServiceConnection.this, open);
      } else if (message instanceof ConnectionDataMessage data) {
        hub.data(data);
      } else if (message instanceof CloseConnectionMessage close) {
        hub.closed(close);
      } else if (message instanceof AckMessage ack) {
        hub.ack(ack);
      } else if (message instanceof PingMessage ping) {
        ping(ping);
      } else if (message instanceof ServiceErrorMessage error) {
        fail("service error: " + error.errorMessage());
      } else {
        log.debug("Service connection {}#{} ignores message type {}", hub.hubName(), index, message.type());
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
      outbox.add(framed);
      drain();
      return true;
    }

    private void drain() {
      WebSocket w = ws;
      while (w != null && !outbox.isEmpty() && writing.compareAndSet(false, true)) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] next;
        while (batch.size() < MAX_BATCH && (next = outbox.poll()) != null) {
          batch.write(next, 0, next.length);
        }
        if (batch.size() == 0) {
          writing.set(false);
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
            writing.set(false);
            if (e != null) {
              lost("write failed: " + rootMessage(e));
            } else {
              drain();
            }
          });
          return;
        }
        writing.set(false);
        if (sent.isCompletedExceptionally()) {
          lost("write failed");
          return;
        }
      }
    }

    /** Our side gives up on this link: abort the socket, then handle it as lost. */
    void fail(String why) {
      WebSocket w = ws;
      if (w != null) {
        w.abort();
      }
      lost(why);
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
      if (stopped && state == ServiceConnectionState.STOPPED) {
        span.end();
        return;
      }
      if (reader.hasPartialMessage()) {
        why += ", in the middle of a message (its start was received, the rest never came; dropped)";
      }
      log.warn("Service connection {}#{} lost: {}", hub.hubName(), index, why);
      span.setStatus(StatusCode.ERROR, why);
      span.end();
      if (link == this) {
        state = ServiceConnectionState.DISCONNECTED;
        hub.connectionLost(ServiceConnection.this);
        hub.stateChanged();
        scheduleReconnect();
      }
    }

    /** Graceful end (server stopping). */
    void shutdown() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      WebSocket w = ws;
      if (w != null) {
        w.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS)
            .whenComplete((x, e) -> w.abort());
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
