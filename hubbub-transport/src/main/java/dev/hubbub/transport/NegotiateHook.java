package dev.hubbub.transport;

import dev.hubbub.protocol.negotiate.NegotiateResponse;
import org.jspecify.annotations.Nullable;

/**
 * Lets a host answer negotiate itself: a redirect ({@link NegotiateResponse#redirect}) from the hub
 * server, or an error ({@link NegotiateResponse#error}) such as the service's "no server" in Default
 * mode. Runs on an event loop after authentication and before the connection limit is checked.
 */
@FunctionalInterface
public interface NegotiateHook {

  /**
   * Returns the response to send (200, {@code application/json}), or null to create a connection
   * as usual.
   */
  @Nullable NegotiateResponse negotiate(NegotiateContext context);
}
