package dev.hubbub.serviceconnection;

import dev.hubbub.protocol.service.ServiceMessage;
import java.net.URI;

/**
 * What the owner of a {@link ServiceConnection} supplies and hears. Callbacks run on the JDK WebSocket's
 * threads or the scheduler, one at a time per connection; they must not block.
 */
public interface ServiceConnectionHandler {

  /** The URL of the next dial, {@code ws(s)://{ServerEndpoint}/server/?hub={hub}&cid={guid}}. */
  URI serverUrl();

  /** The bearer token of the next dial (audience {@code {scheme}://{host}/server/?hub={hub}}). */
  String accessToken();

  /**
   * A message after the handshake. Keep-alive, echo and shutdown pings and {@code ServiceError} are handled by
   * the connection itself and do not arrive here.
   */
  void received(ServiceConnection connection, ServiceMessage message);

  /** The handshake succeeded: the connection is {@link ServiceConnectionStatus#CONNECTED}. */
  default void connected(ServiceConnection connection) {}

  /** The connection was lost or failed ({@code why} says how); a redial is scheduled unless stopped. */
  default void lost(ServiceConnection connection, String why) {}
}
