package dev.hubbub.server.internal;

import dev.hubbub.protocol.service.ServiceMessage;
import dev.hubbub.server.HubException;
import dev.hubbub.server.ServiceConnectionState;
import dev.hubbub.serviceconnection.ServiceConnection;
import dev.hubbub.serviceconnection.ServiceConnectionConfig;
import dev.hubbub.serviceconnection.ServiceConnectionGroup;
import dev.hubbub.serviceconnection.ServiceConnectionHandler;
import dev.hubbub.serviceconnection.ServiceConnectionStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code connectionCount} service connections of one hub: dialing and redialing, the timer that keeps
 * them (and whatever else the owner ticks) alive, the graceful shutdown, their states, and picking a connection
 * for a message.
 */
final class ServiceConnectionPool {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server.service");

  private final String path;
  private final ServiceConnectionGroup connections;
  private final ServiceConnectionConfig config;
  private final ScheduledExecutorService scheduler;
  private final ObservableLongGauge gauge;
  private volatile @Nullable ScheduledFuture<?> ticker;

  /**
   * @param path the hub's path, in logs and errors
   * @param hubName the hub's name on the service
   */
  ServiceConnectionPool(String path, String hubName, int count, ServiceConnectionConfig config,
      ServiceConnectionHandler handler, HttpClient http, ScheduledExecutorService scheduler,
      OpenTelemetry openTelemetry) {
    this.path = path;
    this.config = config;
    this.scheduler = scheduler;
    Attributes attributes = Attributes.of(Telemetry.HUB, path);
    this.connections = ServiceConnectionGroup.of(count, i -> new ServiceConnection(hubName, i, config, handler, http,
        scheduler, openTelemetry.getTracer(Telemetry.SCOPE), attributes, log));
    this.gauge = openTelemetry.getMeter(Telemetry.SCOPE).gaugeBuilder("hubbub.server.service.connections")
        .ofLongs().setDescription("Connections to the SignalR service that are up").setUnit("{connection}")
        .buildWithCallback(m -> m.record(connections.connectedCount(), attributes));
  }

  /** Dials every connection and starts the timer, which also calls {@code onTick} with {@link System#nanoTime()}. */
  void start(LongConsumer onTick) {
    connections.connectAll();
    long period = config.tickPeriod().toMillis();
    ticker = scheduler.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      try {
        connections.tick(now);
        onTick.accept(now);
      } catch (RuntimeException e) {
        log.warn("Hub {}: service keep-alive check failed", path, e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** How many connections there are. */
  int size() {
    return connections.connections().size();
  }

  /**
   * Tells the service we go offline ({@code shutdown fin:0}) and waits, at most {@code waitMillis}, for its
   * {@code finack}; the timer stops.
   */
  void finish(long waitMillis) {
    ScheduledFuture<?> t = ticker;
    if (t != null) {
      t.cancel(false);
    }
    List<CompletableFuture<Void>> fins = new ArrayList<>();
    for (ServiceConnection c : connections.connections()) {
      if (c.sendFin()) {
        fins.add(c.finAck());
      }
    }
    try {
      CompletableFuture.allOf(fins.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("Hub {}: not every service connection acknowledged the shutdown in time", path);
    }
  }

  /** Closes every connection for good. */
  void stop() {
    connections.stopAll();
    gauge.close();
  }

  /** Each connection's state, in index order. */
  List<ServiceConnectionState> states() {
    List<ServiceConnectionState> list = new ArrayList<>();
    connections.statuses().forEach(s -> list.add(ServiceConnectionState.valueOf(s.name())));
    return list;
  }

  /** How many connections are up. */
  long connectedCount() {
    return connections.connectedCount();
  }

  /**
   * Sends {@code message} on {@code via} when it is up (a client's own carrier keeps its messages in order),
   * else on any connection that is up.
   *
   * @return completed when queued; failed when no connection is up
   */
  CompletableFuture<Void> send(@Nullable ServiceConnection via, ServiceMessage message) {
    ServiceConnection c = via != null && via.status() == ServiceConnectionStatus.CONNECTED ? via
        : connections.firstConnected();
    if (c == null || !c.send(message)) {
      return CompletableFuture.failedFuture(new HubException("Hub " + path
          + " has no connection to the SignalR service; the message was not sent."));
    }
    return CompletableFuture.completedFuture(null);
  }
}
