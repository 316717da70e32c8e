package dev.hubbub.test.client;

import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.negotiate.AvailableTransport;
import dev.hubbub.test.client.internal.ClientThreads;
import dev.hubbub.test.client.internal.Negotiator;
import dev.hubbub.test.client.internal.SerialExecutor;
import dev.hubbub.test.client.internal.Urls;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's state machine: start (negotiate, pick a transport, handshake), loss, automatic reconnect, stop; and
 * the record of {@link ConnectionEvent}s. State changes happen under one lock; connecting runs outside it.
 */
final class ClientLifecycle implements Link.Owner {
  private static final Logger log = LoggerFactory.getLogger(HubTestClient.class);

  private final URI url;
  private final HubTestClientOptions options;
  private final HubProtocol protocol;
  private final Dispatcher dispatcher;
  private final SerialExecutor inbound = new SerialExecutor(ClientThreads.POOL);
  private final HttpClient http;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private ConnectionState state = ConnectionState.DISCONNECTED; // guarded by lock
  private @Nullable Link link; // guarded by lock
  private long generation; // guarded by lock: bumped by start and stop, so stale connects and reconnects give up
  private final List<ConnectionEvent> events = new ArrayList<>(); // guarded by lock
  private final Map<ConnectionEvent.Kind, Integer> awaited = new EnumMap<>(ConnectionEvent.Kind.class); // guarded

  ClientLifecycle(URI url, HubTestClientOptions options, HubProtocol protocol, Dispatcher dispatcher) {
    this.url = url;
    this.options = options;
    this.protocol = protocol;
    this.dispatcher = dispatcher;
    HttpClient own = options.httpClient();
    this.http = own != null ? own : ClientThreads.HTTP;
  }

  // ---- state

  ConnectionState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Nullable Link link() {
    lock.lock();
    try {
      return link;
    } finally {
      lock.unlock();
    }
  }

  /** The current link if connected, else the official clients' error. */
  Link connectedLink() {
    lock.lock();
    try {
      Link l = link;
      if (state != ConnectionState.CONNECTED || l == null) {
        throw new ConnectionClosedException("Cannot send data if the connection is not in the 'Connected' State. "
            + "(It is " + state + ".)", null, null);
      }
      return l;
    } finally {
      lock.unlock();
    }
  }

  private void setState(ConnectionState next) {
    state = next;
    changed.signalAll();
  }

  private void event(ConnectionEvent.Kind kind, @Nullable String connectionId, @Nullable Throwable error) {
    events.add(new ConnectionEvent(kind, connectionId, error));
    changed.signalAll();
    log.debug("{} {}", url, events.get(events.size() - 1));
  }

  List<ConnectionEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The next event of {@code kind} not returned by this method before. */
  ConnectionEvent awaitEvent(ConnectionEvent.Kind kind, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      int wanted = awaited.getOrDefault(kind, 0);
      while (true) {
        int seen = 0;
        for (ConnectionEvent e : events) {
          if (e.kind() == kind && seen++ == wanted) {
            awaited.put(kind, wanted + 1);
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected a " + kind + " event within " + timeout.toMillis() + " ms; events: "
              + events);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + kind, e);
    } finally {
      lock.unlock();
    }
  }

  void awaitState(ConnectionState wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (state != wanted) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected state " + wanted + " within " + timeout.toMillis() + " ms but it is "
              + state + "; events: " + events);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + wanted, e);
    } finally {
      lock.unlock();
    }
  }

  // ---- start

  void start() {
    long gen;
    lock.lock();
    try {
      if (state != ConnectionState.DISCONNECTED) {
        throw new IllegalStateException("Cannot start a client that is not in the 'Disconnected' state (it is "
            + state + ").");
      }
      gen = ++generation;
      setState(ConnectionState.CONNECTING);
    } finally {
      lock.unlock();
    }
    dispatcher.clientStarting();
    Link connected;
    try {
      connected = connect();
    } catch (RuntimeException e) {
      toDisconnected(gen);
      throw e;
    } catch (InterruptedException e) {
      toDisconnected(gen);
      Thread.currentThread().interrupt();
      throw new HubClientException("Interrupted while connecting to " + Urls.redact(url), e);
    }
    lock.lock();
    try {
      if (generation != gen) {
        connected.discard(new TransportException("The client was stopped while it was starting."));
        throw new ConnectionClosedException("The client was stopped while it was starting.", null, null);
      }
      link = connected;
      setState(ConnectionState.CONNECTED);
      event(ConnectionEvent.Kind.CONNECTED, connected.connectionId, null);
    } finally {
      lock.unlock();
    }
    connected.activate();
  }

  private void toDisconnected(long gen) {
    lock.lock();
    try {
      if (generation == gen) {
        setState(ConnectionState.DISCONNECTED);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Negotiates, opens a transport and shakes hands, blocking; returns a handshaken link. */
  private Link connect() throws InterruptedException {
    java.util.function.Supplier<String> provider = options.accessTokenProvider();
    String token = provider == null ? null : Objects.requireNonNull(provider.get(),
        "the access token provider returned null");
    if (options.skipNegotiation()) {
      Link l = newLink(TransportType.WEB_SOCKETS, url, token, null, false);
      l.open();
      l.handshake();
      return l;
    }
    Negotiator.Negotiated n = negotiate(token);
    List<String> failures = new ArrayList<>();
    List<String> offered = new ArrayList<>();
    boolean first = true;
    for (AvailableTransport t : n.response().availableTransports()) {
      offered.add(t.transport() + t.transferFormats());
      TransportType type = TransportType.fromWireName(t.transport());
      if (type == null || !options.transports().contains(type)
          || (protocol.transferFormat() == dev.hubbub.protocol.hub.TransferFormat.BINARY
              && !t.transferFormats().contains("Binary"))) {
        continue;
      }
      if (!first) {
        n = negotiate(token); // the failed attempt used up that connection
      }
      first = false;
      String connectionToken = Objects.requireNonNull(n.response().connectionToken(), "connectionToken");
      URI connectionUrl = Urls.withQuery(n.url(), "id", connectionToken);
      boolean stateful = n.response().useStatefulReconnect() && type == TransportType.WEB_SOCKETS;
      Link l = newLink(type, connectionUrl, n.accessToken(), n.response().connectionId(), stateful);
      try {
        l.open();
      } catch (TransportException e) {
        failures.add(type.wireName() + ": " + e.getMessage());
        continue;
      }
      l.handshake();
      return l;
    }
    if (failures.isEmpty()) {
      throw new TransportException("None of the transports the server offers at " + Urls.redact(n.url()) + " "
          + offered + " is allowed by the options " + options.transports() + " for the " + protocol.name()
          + " protocol.");
    }
    throw new TransportException("Unable to connect to " + Urls.redact(n.url()) + " with any transport. "
        + String.join(" ", failures));
  }

  private Negotiator.Negotiated negotiate(@Nullable String token) throws InterruptedException {
    return Negotiator.negotiate(http, url, token, options.headers(), options.statefulReconnect(),
        options.httpTimeout());
  }

  private Link newLink(TransportType type, URI connectionUrl, @Nullable String token, @Nullable String connectionId,
      boolean stateful) {
    return new Link(this, options, protocol, dispatcher, inbound, http, type, connectionUrl, token, connectionId,
        stateful);
  }

  // ---- loss and reconnect

  @Override
  public void linkLost(Link lost, @Nullable Throwable error, boolean allowReconnect, @Nullable String serverError) {
    dispatcher.connectionLost(new ConnectionClosedException(
        "Invocation canceled due to the underlying connection being closed."
            + (error == null ? "" : " (" + error.getMessage() + ")"), serverError, error));
    long gen;
    lock.lock();
    try {
      if (link != lost || state != ConnectionState.CONNECTED) {
        return; // stale, or stop() is handling it
      }
      link = null;
      ReconnectPolicy policy = options.reconnectPolicy();
      if (policy == null || !allowReconnect) {
        setState(ConnectionState.DISCONNECTED);
        event(ConnectionEvent.Kind.CLOSED, null, error);
        dispatcher.clientClosed(error);
        return;
      }
      gen = ++generation;
      setState(ConnectionState.RECONNECTING);
      event(ConnectionEvent.Kind.RECONNECTING, null, error);
    } finally {
      lock.unlock();
    }
    scheduleAttempt(gen, 0, System.nanoTime(), error);
  }

  @Override
  public void linkResumed(Link resumed, @Nullable Throwable error) {
    lock.lock();
    try {
      if (link == resumed && state == ConnectionState.CONNECTED) {
        event(ConnectionEvent.Kind.RESUMED, resumed.connectionId, error);
      }
    } finally {
      lock.unlock();
    }
  }

  private void scheduleAttempt(long gen, long attempts, long lostAtNanos, @Nullable Throwable reason) {
    ReconnectPolicy policy = Objects.requireNonNull(options.reconnectPolicy());
    Duration delay;
    try {
      delay = policy.nextRetryDelay(new ReconnectPolicy.RetryContext(attempts,
          Duration.ofNanos(System.nanoTime() - lostAtNanos), reason));
    } catch (RuntimeException e) {
      log.warn("The reconnect policy failed; giving up reconnecting", e);
      delay = null;
    }
    if (delay == null) {
      lock.lock();
      try {
        if (generation == gen && state == ConnectionState.RECONNECTING) {
          setState(ConnectionState.DISCONNECTED);
          event(ConnectionEvent.Kind.CLOSED, null, reason);
          dispatcher.clientClosed(reason);
        }
      } finally {
        lock.unlock();
      }
      return;
    }
    ClientThreads.TIMER.schedule(() -> ClientThreads.POOL.execute(() -> attempt(gen, attempts, lostAtNanos)),
        delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void attempt(long gen, long attempts, long lostAtNanos) {
    lock.lock();
    try {
      if (generation != gen || state != ConnectionState.RECONNECTING) {
        return;
      }
    } finally {
      lock.unlock();
    }
    Link connected;
    try {
      connected = connect();
    } catch (HubClientException | IllegalStateException | NullPointerException e) {
      log.debug("Reconnect attempt {} to {} failed: {}", attempts + 1, Urls.redact(url), e.getMessage());
      scheduleAttempt(gen, attempts + 1, lostAtNanos, e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    lock.lock();
    try {
      if (generation != gen || state != ConnectionState.RECONNECTING) {
        connected.discard(new TransportException("The client was stopped while reconnecting."));
        return;
      }
      link = connected;
      setState(ConnectionState.CONNECTED);
      event(ConnectionEvent.Kind.RECONNECTED, connected.connectionId, null);
    } finally {
      lock.unlock();
    }
    connected.activate();
  }

  // ---- stop

  void stop(Duration timeout) {
    Link l;
    lock.lock();
    try {
      switch (state) {
        case DISCONNECTED -> {
          return;
        }
        case CONNECTING -> {
          generation++;
          setState(ConnectionState.DISCONNECTED);
          return;
        }
        case RECONNECTING -> {
          generation++;
          setState(ConnectionState.DISCONNECTED);
          event(ConnectionEvent.Kind.CLOSED, null, null);
          dispatcher.clientClosed(null);
          return;
        }
        default -> {
          generation++;
          l = link;
          setState(ConnectionState.DISCONNECTING);
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      if (l != null) {
        l.stop(timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (l != null) {
        l.discard(e);
      }
    } finally {
      dispatcher.connectionLost(new ConnectionClosedException(
          "Invocation canceled due to the underlying connection being closed. (The client stopped.)", null, null));
      lock.lock();
      try {
        if (state == ConnectionState.DISCONNECTING) {
          link = null;
          setState(ConnectionState.DISCONNECTED);
          event(ConnectionEvent.Kind.CLOSED, null, null);
          dispatcher.clientClosed(null);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Drops the current transport as a network failure would. */
  void abortTransport() {
    Link l = link();
    if (l == null) {
      throw new IllegalStateException("There is no connection to abort (the client is " + state() + ").");
    }
    l.abortTransport();
  }
}
