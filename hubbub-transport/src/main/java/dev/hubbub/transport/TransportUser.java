package dev.hubbub.transport;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who is on the other end of a connection, as the {@link Authenticator} established it.
 *
 * @param id the user id (SignalR's {@code Context.UserIdentifier}), or null when anonymous
 * @param claims claim type to values (a JWT's claims flattened to strings); empty when anonymous
 */
public record TransportUser(@Nullable String id, Map<String, List<String>> claims) {

  /** No user and no claims. */
  public static final TransportUser ANONYMOUS = new TransportUser(null, Map.of());

  public TransportUser {
    claims = Map.copyOf(claims);
  }

  /** A user with an id and no claims. */
  public static TransportUser of(String id) {
    return new TransportUser(id, Map.of());
  }
}
