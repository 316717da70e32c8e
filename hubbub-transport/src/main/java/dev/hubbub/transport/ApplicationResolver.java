package dev.hubbub.transport;

import org.jspecify.annotations.Nullable;

/**
 * Maps a request on a route to its application, for example by the {@code hub} query parameter.
 * Runs on an event loop for every transport request; keep it to a map look-up.
 */
@FunctionalInterface
public interface ApplicationResolver {

  /** Returns the application, or null to answer 404. */
  @Nullable TransportApplication resolve(TransportRequest request);

  /** Always the same application (the self-hosted hub server's {@code /chat}). */
  static ApplicationResolver fixed(TransportApplication application) {
    return request -> application;
  }
}
