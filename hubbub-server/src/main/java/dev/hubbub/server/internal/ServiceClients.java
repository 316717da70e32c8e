package dev.hubbub.server.internal;

import dev.hubbub.core.Admission;
import dev.hubbub.core.ClientHandshake;
import dev.hubbub.core.HubEndpoint;
import dev.hubbub.core.HubSessionHandler;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.protocol.auth.ClaimNames;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.service.Claim;
import dev.hubbub.protocol.service.CloseConnectionMessage;
import dev.hubbub.protocol.service.ConnectionDataMessage;
import dev.hubbub.protocol.service.OpenConnectionMessage;
import dev.hubbub.server.HubException;
import dev.hubbub.serviceconnection.ServiceConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of one hub that the SignalR service multiplexes over this server's service connections: an
 * {@code OpenConnection} makes a {@link HubConnection} whose bytes travel as {@code ConnectionData}, and the
 * hub layer drives it as it drives a self-hosted connection, with the hub's dispatcher as its endpoint.
 *
 * <p>A client's input arrives on its carrier's thread and its heartbeat on the pool's timer; each session's
 * calls into the hub layer are serialized on the session.
 */
final class ServiceClients implements HubEndpoint<HubConnection> {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");
  private static final String CLAIM_NAME_IDENTIFIER =
      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

  private final String path;
  private final Predicate<? super String> keepHeaders;
  private volatile @Nullable HubDispatcher dispatcher;
  private final HubSessionHandler<HubConnection> sessions;
  private final Map<String, HubConnection> clients = new ConcurrentHashMap<>();

  ServiceClients(String path, HubSessionOptions options, Predicate<? super String> keepHeaders) {
    this.path = path;
    this.keepHeaders = keepHeaders;
    this.sessions = new HubSessionHandler<>(options, this, log);
  }

  /** The hub's dispatch; set before the first client can open. */
  void attach(HubDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  private HubDispatcher dispatcher() {
    HubDispatcher d = dispatcher;
    if (d == null) {
      throw new IllegalStateException("hub " + path + " has no dispatcher attached");
    }
    return d;
  }

  /** The client with this id on this server, or null. */
  @Nullable HubConnection client(String connectionId) {
    return clients.get(connectionId);
  }

  /** The service connection that carries a client of this server, or null. */
  @Nullable ServiceConnection carrier(String connectionId) {
    HubConnection c = clients.get(connectionId);
    return c == null ? null : channel(c).carrier();
  }

  private static ServiceClientChannel channel(HubConnection c) {
    return (ServiceClientChannel) c.channel();
  }

  // ---- from the service

  void open(ServiceConnection carrier, OpenConnectionMessage open) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    String uid = null;
    for (Claim c : open.claims()) {
      String type = c.type();
      if (type.equals(ClaimNames.USER_ID)) {
        uid = c.value();
        continue;
      }
      if (type.startsWith(ClaimNames.SYSTEM_PREFIX) || type.equals("aud") || type.equals("exp")
          || type.equals("iat") || type.equals("nbf")) {
        continue;
      }
      if (type.startsWith(ClaimNames.USER_PREFIX)) {
        type = type.substring(ClaimNames.USER_PREFIX.length());
      }
      claims.computeIfAbsent(type, k -> new ArrayList<>()).add(c.value());
    }
    if (uid == null) {
      for (String type : List.of(ClaimNames.NAME_ID, ClaimNames.SUBJECT, CLAIM_NAME_IDENTIFIER)) {
        List<String> v = claims.get(type);
        if (v != null && !v.isEmpty()) {
          uid = v.get(0);
          break;
        }
      }
    }
    boolean migrated = open.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Asrs-Migrate-From"));
    String id = open.connectionId();
    HubConnection[] self = new HubConnection[1];
    ServiceClientChannel channel = new ServiceClientChannel(carrier, id, migrated, () -> ended(self[0], null));
    HubConnection client = new HubConnection(channel, id, uid, claims, path,
        HttpRequests.fromService(path, open.queryString(), open.headers(), keepHeaders));
    self[0] = client;
    HubConnection previous = clients.put(id, client);
    if (previous != null) {
      gone(previous, "replaced by a new connection with the same id");
    }
    log.debug("Client {} opened on service connection {}#{}", id, path, carrier.index());
  }

  void data(ConnectionDataMessage data) {
    HubConnection client = clients.get(data.connectionId());
    if (client == null) {
      log.debug("Data for unknown client {} dropped", data.connectionId());
      return;
    }
    synchronized (client) {
      sessions.onData(client, data.payload());
    }
  }

  void closed(CloseConnectionMessage close) {
    HubConnection client = clients.get(close.connectionId());
    if (client != null) {
      log.debug("Client {} closed by the service{}", close.connectionId(),
          close.errorMessage().isEmpty() ? "" : ": " + close.errorMessage());
      gone(client, close.errorMessage());
    }
  }

  /** A service connection dropped: the clients it carried are gone. */
  void carrierLost(ServiceConnection lost) {
    for (HubConnection c : List.copyOf(clients.values())) {
      if (channel(c).carrier() == lost) {
        gone(c, "The connection to the SignalR service was lost.");
      }
    }
  }

  /** Keep-alive pings, the handshake and client timeouts; {@code now} from {@link System#nanoTime()}. */
  void heartbeat(long now) {
    for (HubConnection c : clients.values()) {
      synchronized (c) {
        sessions.onHeartbeat(c, now);
      }
    }
  }

  /** Closes every client with a Close message that lets it reconnect (the server stops). */
  void closeAll() {
    for (HubConnection c : List.copyOf(clients.values())) {
      c.close(null, true);
    }
  }

  /** The service closed the client or its link dropped: nothing is sent back. */
  private void gone(HubConnection client, @Nullable String error) {
    if (channel(client).markClosed()) {
      ended(client, error);
    }
  }

  private void ended(HubConnection client, @Nullable String error) {
    clients.remove(client.connectionId(), client);
    synchronized (client) {
      sessions.onClosed(client, error == null || error.isEmpty() ? null : new HubException(error));
    }
  }

  // ---- the hub layer's endpoint: the dispatcher's, but migrated clients got their handshake answer elsewhere

  @Override
  public Admission admit(HubConnection session, ClientHandshake handshake) {
    return channel(session).migrated() ? Admission.serveMigrated() : Admission.serve();
  }

  @Override
  public void connected(HubConnection session) {
    log.debug("Client {} connected through the service as {} with {}", session.connectionId(),
        session.userId() == null ? "anonymous" : "user '" + session.userId() + "'",
        session.protocol() == null ? "?" : session.protocol().name());
    dispatcher().connected(session);
  }

  @Override
  public void message(HubConnection session, HubMessage message, ByteBuffer payload) {
    dispatcher().message(session, message, payload);
  }

  @Override
  public void disconnected(HubConnection session, @Nullable Throwable error) {
    dispatcher().disconnected(session, error);
  }
}
