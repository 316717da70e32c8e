package dev.hubbub.management.internal;

import dev.hubbub.management.SignalRConnectionException;
import dev.hubbub.management.SignalRServiceException;
import dev.hubbub.protocol.service.AckMessage;
import dev.hubbub.protocol.service.AckStatus;
import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.serviceconnection.AckTracker;
import dev.hubbub.serviceconnection.ServiceConnection;
import dev.hubbub.serviceconnection.ServiceConnectionHandler;
import dev.hubbub.serviceconnection.ServiceConnectionGroup;
import dev.hubbub.serviceconnection.ServiceUrls;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub's Weak connections to the service and the Acks its operations wait for. Every message goes over
 * the first connected connection, so operations from one thread reach the service in order.
 */
final class PersistentHub implements ServiceConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.management.persistent");

  final HubRef hub;
  private final PersistentTransport transport;
  private final ServiceConnectionGroup connections;
  private final AckTracker acks;
  private final CompletableFuture<Void> firstConnected = new CompletableFuture<>();
  // guarded by transport
  int references;
  private volatile boolean closed;

  PersistentHub(HubRef hub, PersistentTransport transport) {
    this.hub = hub;
    this.transport = transport;
    this.acks = new AckTracker(transport.scheduler(), transport.callbacks());
    this.connections = ServiceConnectionGroup.of(transport.options().connectionCount(),
        i -> transport.newConnection(hub, i, this));
  }

  void start() {
    connections.connectAll();
  }

  /** Completes when a first connection is up; never fails by itself (the caller bounds the wait). */
  CompletableFuture<Void> firstConnected() {
    return firstConnected;
  }

  void tick(long now) {
    connections.tick(now);
  }

  long connectedCount() {
    return connections.connectedCount();
  }

  /** Closes the sockets; operations still waiting for an Ack fail. */
  void close() {
    closed = true;
    connections.stopAll();
    acks.failAll(() -> new SignalRConnectionException("The hub context of '" + hub.serviceHubName()
        + "' was closed before the SignalR service acknowledged the operation.", 0, null, null, null, null));
    firstConnected.completeExceptionally(new SignalRConnectionException("The hub context of '"
        + hub.serviceHubName() + "' was closed.", 0, null, null, null, null));
  }

  /** What the states of the hub's connections are, for error messages. */
  String describe() {
    return connections.describe();
  }

  // ---- ServiceConnectionHandler

  @Override
  public URI serverUrl() {
    return ServiceUrls.server(transport.serverEndpoint(), hub.serviceHubName());
  }

  @Override
  public String accessToken() {
    return transport.serverToken(hub);
  }

  @Override
  public void connected(ServiceConnection connection) {
    firstConnected.complete(null);
  }

  @Override
  public void received(ServiceConnection connection, ServiceMessage message) {
    if (message instanceof AckMessage ack) {
      if (!acks.complete(ack)) {
        log.debug("Hub {}: Ack {} came after its timeout; ignored", hub.serviceHubName(), ack.ackId());
      }
    } else {
      log.debug("Hub {}: persistent connection ignores message type {}", hub.serviceHubName(), message.type());
    }
  }

  // ---- sending

  private @Nullable SignalRConnectionException trySend(String operation, ServiceMessage message) {
    if (closed) {
      return new SignalRConnectionException(operation + " on hub '" + hub.serviceHubName() + "' failed: its hub "
          + "context is closed. Create a new one with ServiceManager.createHubContext.", 0, null, null, null, null);
    }
    ServiceConnection c = connections.firstConnected();
    if (c == null || !c.send(message)) {
      return new SignalRConnectionException(operation + " on hub '" + hub.serviceHubName() + "' failed: no "
          + "persistent connection to the SignalR service at " + transport.serverEndpoint() + " is up ("
          + describe() + "). It was not sent; it reconnects by itself, retry later.", 0, null, null, null, null);
    }
    return null;
  }

  /** A data message: done once queued on a connected socket (the service does not answer data). */
  CompletableFuture<Void> send(String operation, ServiceMessage message) {
    SignalRConnectionException failure = trySend(operation, message);
    return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
  }

  /**
   * A {@code *WithAck} message: completes with the Ack's status, {@code true} for Ok and {@code false} for
   * NotFound; fails on any other status and when no Ack came within the ack timeout.
   */
  CompletableFuture<Boolean> sendWithAck(String operation, Supplier<String> what, IntFunction<ServiceMessage> message) {
    long timeout = transport.options().ackTimeout().toMillis();
    AckTracker.Pending pending = acks.expect(transport.options().ackTimeout(), () -> new SignalRConnectionException(
        "The SignalR service did not acknowledge " + operation + " (" + what.get() + ") on hub '"
            + hub.serviceHubName() + "' within " + timeout + " ms; it may or may not have been applied.", 0,
        null, null, null, null));
    SignalRConnectionException failure = trySend(operation, message.apply(pending.id()));
    if (failure != null) {
      acks.cancel(pending);
      return CompletableFuture.failedFuture(failure);
    }
    return pending.future().thenApply(ack -> {
      if (ack.status() == AckStatus.OK.code()) {
        return true;
      }
      if (ack.status() == AckStatus.NOT_FOUND.code()) {
        return false;
      }
      String status = AckStatus.fromCode(ack.status()).map(Enum::name).orElse("unknown");
      throw new SignalRServiceException("The SignalR service answered " + operation + " (" + what.get()
          + ") on hub '" + hub.serviceHubName() + "' with Ack status " + ack.status() + " (" + status + ")"
          + (ack.message().isEmpty() ? "" : ": " + ack.message()) + ".", 0, null, null, null, null);
    });
  }
}
