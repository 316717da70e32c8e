package dev.hubbub.transport;

import java.util.Objects;

/**
 * What a request on a route is for: an application key (the hub name, lower-cased, for the
 * service's {@code /client/?hub=chat}) and the handler that owns its connections. A connection
 * made for one key cannot be used through a request that resolves to another key.
 *
 * @param key identifies the application; compared exactly
 * @param handler receives the connections' events
 */
public record TransportApplication(String key, ConnectionHandler handler) {
  public TransportApplication {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(handler, "handler");
  }
}
