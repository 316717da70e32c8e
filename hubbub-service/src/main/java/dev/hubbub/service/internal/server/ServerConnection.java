package dev.hubbub.service.internal.server;

import dev.hubbub.protocol.service.Claim;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import dev.hubbub.service.internal.hub.ClientRoute;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app server connection ({@code /server/?hub=H}) and the clients routed over it. Clients route their
 * bytes through it from their own event loops; {@link #send} is thread-safe because the transport's write is.
 *
 * <p>Backpressure: when the app server reads slower than its clients send, the bytes waiting for it would grow
 * without bound. Instead, once more than {@code pauseAt} bytes are queued for the server, each client that sends
 * is paused ({@link TransportConnection#pauseReading()}: its socket is not read, its POSTs are not answered)
 * until the queue is down to {@code resumeAt}; the server connection itself is dropped as a slow consumer only
 * past its own, larger bound, which only clients' in-flight messages can reach.
 */
final class ServerConnection implements ClientRoute {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.servers");
  private final TransportConnection transport;
  private final String hubKey;
  private final String hubName;
  private final String serverId;
  private final ServiceMessageReader reader;
  private final Map<String, ClientSession> clients = new ConcurrentHashMap<>();

  // Event loop only.
  private boolean handshaken;
  private int connectionType = -1;

  private volatile long lastReceivedNanos = System.nanoTime();
  private volatile long lastSentNanos = System.nanoTime();
  // Set by a "shutdown fin" ping: the server is leaving, route no new clients to it.
  private volatile boolean shuttingDown;

  private final long pauseAt;
  private final long resumeAt;
  private final AtomicBoolean pressure = new AtomicBoolean(); // a wait for the queue to drain is registered
  private final Queue<ClientSession> paused = new ConcurrentLinkedQueue<>();

  /**
   * @param pauseAt queued bytes past which sending clients are paused
   * @param resumeAt queued bytes at which they are resumed
   */
  ServerConnection(TransportConnection transport, String hubKey, String hubName, String serverId, int maxMessageSize,
      long pauseAt, long resumeAt) {
    this.transport = transport;
    this.pauseAt = pauseAt;
    this.resumeAt = resumeAt;
    this.hubKey = hubKey;
    this.hubName = hubName;
    this.serverId = serverId;
    this.reader = new ServiceMessageReader(maxMessageSize);
  }

  TransportConnection transport() {
    return transport;
  }

  String hubKey() {
    return hubKey;
  }

  String hubName() {
    return hubName;
  }

  /** The app server's id ({@code X-ASRS-Server-Id}), which sticky client tokens name in {@code asrs.s.sn}. */
  String serverId() {
    return serverId;
  }

  ServiceMessageReader reader() {
    return reader;
  }

  boolean handshaken() {
    return handshaken;
  }

  void handshaken(int connectionType) {
    this.handshaken = true;
    this.connectionType = connectionType;
  }

  int connectionType() {
    return connectionType;
  }

  boolean shuttingDown() {
    return shuttingDown;
  }

  void shutDown() {
    shuttingDown = true;
  }

  void received() {
    lastReceivedNanos = System.nanoTime();
  }

  long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  long lastSentNanos() {
    return lastSentNanos;
  }

  /** The clients routed over this connection. */
  Collection<ClientSession> clients() {
    return clients.values();
  }

  int clientCount() {
    return clients.size();
  }

  /** Whether this connection still routes the client (it may have closed meanwhile). */
  @Nullable ClientSession client(String connectionId) {
    return clients.get(connectionId);
  }

  /** Queues a message for the server; false when the transport refused it (closed, or over its bound). */
  boolean send(ServiceMessage message) {
    lastSentNanos = System.nanoTime();
    return transport.write(Unpooled.wrappedBuffer(ServiceProtocol.write(message)));
  }

  // ---- ClientRoute (client event loops)

  @Override
  public void open(ClientSession session, ByteBuffer handshake) {
    clients.put(session.connectionId(), session);
    TransportConnection client = session.transport();
    String protocol = session.protocol() == null ? "json" : session.protocol().name();
    send(new OpenConnectionMessage(session.connectionId(), claims(session.claims()), headers(session.openRequest()),
        queryString(client.request().uri()), MessageExtensions.ofProtocol(protocol)));
    send(new ConnectionDataMessage(session.connectionId(), handshake));
    if (transport.isClosed()) {
      // the server went away between the choice and now: the client reconnects and is routed again
      clients.remove(session.connectionId());
      ServerConnectionHandler.closeReconnectable(session);
    }
  }

  @Override
  public void data(ClientSession session, ByteBuffer data) {
    send(new ConnectionDataMessage(session.connectionId(), data));
    if (transport.queuedBytes() > pauseAt) {
      pause(session);
    }
  }

  /** The server is behind: stop reading this client until the server's queue drains. Client's loop. */
  private void pause(ClientSession session) {
    session.transport().pauseReading();
    paused.add(session);
    // Added before looking: either this call starts the wait, or a wait that has not yet released the
    // paused clients is registered and will release this one too.
    if (pressure.compareAndSet(false, true)) {
      log.debug("{} is behind ({} bytes queued): pausing the clients that send to it", this, transport.queuedBytes());
      transport.whenQueuedAtMost(resumeAt).thenRun(this::relieve);
    }
  }

  /** The server caught up (or its connection closed): read the paused clients again. */
  private void relieve() {
    pressure.set(false);
    ClientSession s;
    while ((s = paused.poll()) != null) {
      s.transport().resumeReading();
    }
  }


  @Override
  public void closed(ClientSession session, @Nullable String error) {
    // A client the server closed itself (CloseConnection from the server) is not announced back.
    if (clients.remove(session.connectionId()) != null) {
      send(new CloseConnectionMessage(session.connectionId(), error == null ? "" : error, Map.of(),
          MessageExtensions.NONE));
    }
  }

  /** Forgets a client the server closed, so that its close is not announced back. */
  @Nullable ClientSession forget(String connectionId) {
    return clients.remove(connectionId);
  }

  static List<Claim> claims(Map<String, List<String>> claims) {
    List<Claim> out = new ArrayList<>();
    claims.forEach((type, values) -> values.forEach(v -> out.add(new Claim(type, v))));
    return out;
  }

  /**
   * The client's request headers for the server, which rebuilds its HttpContext from them. The Authorization
   * header stays here (the server receives the claims instead); {@code X-Forwarded-For} carries the client's
   * address, which the SDK uses as the remote IP.
   */
  static Map<String, List<String>> headers(TransportRequest request) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      if (h.getKey().equalsIgnoreCase("Authorization")) {
        continue;
      }
      out.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
    }
    String remote = request.remoteIp();
    if (remote != null && out.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("X-Forwarded-For"))) {
      out.put("X-Forwarded-For", List.of(remote));
    }
    return out;
  }

  /** The query string as the client sent it, with its leading {@code ?} (ASP.NET Core's QueryString form). */
  static String queryString(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? "" : uri.substring(q);
  }

  @Override
  public String toString() {
    return "server connection " + transport.connectionId() + " of '" + serverId + "' (hub '" + hubName + "')";
  }
}
