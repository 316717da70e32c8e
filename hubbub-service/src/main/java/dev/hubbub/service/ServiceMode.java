package dev.hubbub.service;

/** How the service treats client connections, as Azure SignalR Service's {@code ServiceMode} feature flag. */
public enum ServiceMode {
  /**
   * Clients are routed to app servers connected over the service protocol; a client of a hub with no server
   * connected is refused.
   */
  DEFAULT,
  /** No app servers: apps send through the REST API, client invocations go to upstream webhooks. */
  SERVERLESS,
  /** Per client: routed when a server of the hub is connected, otherwise serverless. */
  CLASSIC;

  /** Parses {@code Default}, {@code Serverless} or {@code Classic}, in any case. */
  public static ServiceMode parse(String value) {
    for (ServiceMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("Invalid service mode '" + value + "': use Default, Serverless or Classic.");
  }
}
