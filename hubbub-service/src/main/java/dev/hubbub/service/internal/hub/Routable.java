package dev.hubbub.service.internal.hub;

import org.jspecify.annotations.Nullable;

/** What routing needs to know of a client connection. */
public interface Routable {
  /** The connection id clients and REST callers see. */
  String connectionId();

  /** The user id from the access token, or null for an anonymous connection. */
  @Nullable String userId();
}
