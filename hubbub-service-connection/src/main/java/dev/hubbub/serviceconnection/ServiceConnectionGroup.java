package dev.hubbub.serviceconnection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ConnectionCount} connections of one hub, in index order. Messages that must stay in order go over
 * {@link #firstConnected()}: every sender picks the same connection while it is up.
 */
public final class ServiceConnectionGroup {
  private final List<ServiceConnection> connections;

  private ServiceConnectionGroup(List<ServiceConnection> connections) {
    this.connections = List.copyOf(connections);
  }

  /** {@code count} connections made by {@code factory} from their index. */
  public static ServiceConnectionGroup of(int count, IntFunction<ServiceConnection> factory) {
    List<ServiceConnection> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(factory.apply(i));
    }
    return new ServiceConnectionGroup(list);
  }

  /** Dials every connection. */
  public void connectAll() {
    connections.forEach(ServiceConnection::connect);
  }

  /** Keep-alive and timeout checks of every connection; see {@link ServiceConnection#tick(long)}. */
  public void tick(long now) {
    connections.forEach(c -> c.tick(now));
  }

  /** Stops every connection for good. */
  public void stopAll() {
    connections.forEach(ServiceConnection::stop);
  }

  /** The connections, in index order. */
  public List<ServiceConnection> connections() {
    return connections;
  }

  /** The first connection that is up, or null. */
  public @Nullable ServiceConnection firstConnected() {
    for (ServiceConnection c : connections) {
      if (c.status() == ServiceConnectionStatus.CONNECTED) {
        return c;
      }
    }
    return null;
  }

  /** How many connections are up. */
  public long connectedCount() {
    return connections.stream().filter(c -> c.status() == ServiceConnectionStatus.CONNECTED).count();
  }

  /** Each connection's state, in index order. */
  public List<ServiceConnectionStatus> statuses() {
    List<ServiceConnectionStatus> list = new ArrayList<>(connections.size());
    connections.forEach(c -> list.add(c.status()));
    return list;
  }

  /** {@code connection states [CONNECTED, DISCONNECTED], last error: ...}, for error messages and logs. */
  public String describe() {
    String lastError = null;
    for (ServiceConnection c : connections) {
      if (c.lastError() != null) {
        lastError = c.lastError();
      }
    }
    return "connection states " + statuses() + (lastError == null ? "" : ", last error: " + lastError);
  }
}
