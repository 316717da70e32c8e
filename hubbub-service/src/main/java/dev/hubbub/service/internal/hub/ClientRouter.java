package dev.hubbub.service.internal.hub;

import org.jspecify.annotations.Nullable;

/** Decides, when a client's handshake arrives, whether it is routed to an app server or served here. */
public interface ClientRouter {

  /** Never routes: serverless mode. */
  ClientRouter SERVERLESS = session -> null;

  /**
   * Picks the server connection for a client whose handshake named {@code session.protocol()}.
   *
   * @return the route, or null to serve the client here (serverless)
   * @throws RouteRefusedException when the client must be refused (no server in Default mode, sticky server
   *     required but absent); its message is the handshake error the client sees
   */
  @Nullable ClientRoute route(ClientSession session) throws RouteRefusedException;

  /** A client cannot be routed; the message is what the client is told. */
  final class RouteRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RouteRefusedException(String message) {
      super(message, null, false, false);
    }
  }
}
