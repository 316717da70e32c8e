package dev.hubbub.server;

/** How the SignalR service treats clients (the service's setting, mirrored by the server for validation). */
public enum ServiceMode {
  /** Clients are routed to a connected hub server; the server opens service connections. */
  DEFAULT,
  /** No hub server: the server refuses to open service connections. */
  SERVERLESS,
  /** Per client: routed when a hub server is connected, else serverless. Service connections are opened. */
  CLASSIC;

  static ServiceMode parse(String text) {
    for (ServiceMode m : values()) {
      if (m.name().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unknown ServiceMode '" + text + "'; expected Default, Serverless or Classic");
  }
}
