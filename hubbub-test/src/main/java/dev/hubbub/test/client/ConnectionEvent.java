package dev.hubbub.test.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change in a client's connection, in the order they happened: the official clients' {@code onreconnecting},
 * {@code onreconnected} and {@code onclose} callbacks, plus the first connect.
 *
 * @param kind what happened
 * @param connectionId the connection id after {@link Kind#CONNECTED}, {@link Kind#RECONNECTED} and
 *     {@link Kind#RESUMED} (null when the server gave none, as without negotiation), else null
 * @param error why the connection was lost ({@link Kind#RECONNECTING}), dropped ({@link Kind#RESUMED}) or closed
 *     ({@link Kind#CLOSED}); null for a normal close
 */
public record ConnectionEvent(Kind kind, @Nullable String connectionId, @Nullable Throwable error) {

  /** The kinds of connection events. */
  public enum Kind {
    /** {@code start()} connected. */
    CONNECTED,
    /** The connection was lost; automatic reconnect starts. */
    RECONNECTING,
    /** Automatic reconnect connected again, with a new connection id. */
    RECONNECTED,
    /**
     * Stateful reconnect: the WebSocket dropped and was reconnected to the same connection, and unacknowledged
     * messages were replayed (the official clients do this silently; the event is this client's own).
     */
    RESUMED,
    /** The client is disconnected for good: stopped, closed by the server, or out of reconnect attempts. */
    CLOSED
  }

  /** Requires a kind. */
  public ConnectionEvent {
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String toString() {
    return kind + (connectionId == null ? "" : "(" + connectionId + ")")
        + (error == null ? "" : "(" + error.getMessage() + ")");
  }
}
