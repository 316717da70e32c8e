package dev.hubbub.server;

import org.jspecify.annotations.Nullable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a {@link HubServer}'s health, what its {@code /health} endpoint answers, for an app that
 * exposes health in its own API or probe ({@link HubServer#health()}).
 *
 * <p><b>Healthy</b> means:
 * <ul>
 *   <li>self-hosted: the server is listening (from {@link HubServer.Builder#start()} until
 *       {@link HubServer#close()});</li>
 *   <li>behind a SignalR service: the server is listening <em>and every hub has at least one
 *       {@link ServiceConnectionState#CONNECTED} service connection</em>, that is, the service can route
 *       clients of every hub to this server. A hub whose connections are all connecting, lost or refused
 *       makes the whole server unhealthy.</li>
 * </ul>
 *
 * @param healthy whether the server is healthy, as defined above
 * @param hubs per hub path, in mapping order: whether that hub is healthy and, behind a service, the state of
 *     each of its service connections (in connection order)
 * @param degradedReason why a healthy server only partly works (a scale-out backplane that cannot reach its broker:
 *     local clients are served, other servers' are not), or null; a degraded server is still healthy (200), as
 *     ASP.NET Core maps {@code Degraded}
 */
public record HubServerHealth(boolean healthy, Map<String, HubHealth> hubs, @Nullable String degradedReason) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One hub's part of the health.
   *
   * @param healthy self-hosted: whether the server is listening; behind a service: whether at least one of
   *     its service connections is connected (and the server listening)
   * @param serviceConnections the state of each service connection; empty when self-hosted
   * @param reason why the hub is unhealthy (for example the service's refusal of its connections), or null
   */
  public record HubHealth(boolean healthy, List<ServiceConnectionState> serviceConnections,
      @Nullable String reason) {
    /** Copies the list. */
    public HubHealth {
      serviceConnections = List.copyOf(serviceConnections);
    }

    /** A hub's health without a reason. */
    public HubHealth(boolean healthy, List<ServiceConnectionState> serviceConnections) {
      this(healthy, serviceConnections, null);
    }
  }

  /** Copies the map, keeping its order. */
  public HubServerHealth {
    hubs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(hubs, "hubs")));
  }

  /** A health that is not degraded. */
  public HubServerHealth(boolean healthy, Map<String, HubHealth> hubs) {
    this(healthy, hubs, null);
  }

  /**
   * {@code Healthy}, {@code Degraded} (healthy, with a {@link #degradedReason}) or {@code Unhealthy}, the names of
   * ASP.NET Core's {@code HealthStatus}.
   */
  public String status() {
    return healthy && degradedReason != null ? "Degraded" : statusName(healthy);
  }

  /**
   * The body of the {@code /health} endpoint, for example
   * {@code {"status":"Healthy","hubs":{"/chat":{"status":"Healthy","serviceConnections":["Connected","Connecting"]}}}};
   * self-hosted hubs have no {@code serviceConnections}; an unhealthy hub says why in {@code reason}.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", status());
    if (healthy && degradedReason != null) {
      root.put("reason", degradedReason);
    }
    ObjectNode hubsNode = root.putObject("hubs");
    hubs.forEach((path, hub) -> {
      ObjectNode h = hubsNode.putObject(path);
      h.put("status", statusName(hub.healthy()));
      if (!hub.serviceConnections().isEmpty()) {
        ArrayNode states = h.putArray("serviceConnections");
        hub.serviceConnections().forEach(s -> states.add(pascal(s)));
      }
      String reason = hub.reason();
      if (reason != null) {
        h.put("reason", reason);
      }
    });
    return root.toString();
  }

  private static String statusName(boolean healthy) {
    return healthy ? "Healthy" : "Unhealthy";
  }

  private static String pascal(ServiceConnectionState state) {
    String n = state.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }
}
