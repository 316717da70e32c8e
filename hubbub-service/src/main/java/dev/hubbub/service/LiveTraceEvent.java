package dev.hubbub.service;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of the service's live trace.
 *
 * @param time when it happened
 * @param kind what happened
 * @param hub the hub, or empty when none applies
 * @param details the rest, by name: {@code connectionId}, {@code transport}, {@code protocol}, {@code user},
 *     {@code messages}, {@code bytes}, {@code method}, {@code route}, {@code status}, {@code durationMs},
 *     {@code url}, {@code event}, {@code serverId}, {@code body} (the start of a REST request's body), {@code error}
 */
public record LiveTraceEvent(Instant time, Kind kind, String hub, Map<String, String> details) {

  /** What happened. */
  public enum Kind {
    /** A client completed its handshake. */
    CONNECTION_OPENED("ConnectionOpened"),
    /** A client that had completed its handshake is gone. */
    CONNECTION_CLOSED("ConnectionClosed"),
    /** Hub messages arrived from a client. */
    MESSAGE_IN("MessageIn"),
    /** A payload was queued for a client. */
    MESSAGE_OUT("MessageOut"),
    /** A REST API call was answered. */
    REST("Rest"),
    /** An upstream webhook call ended. */
    UPSTREAM("Upstream"),
    /** An app server connection completed its handshake (Default mode). */
    SERVER_CONNECTED("ServerConnected"),
    /** An app server connection closed (Default mode). */
    SERVER_DISCONNECTED("ServerDisconnected");

    private final String displayName;

    Kind(String displayName) {
      this.displayName = displayName;
    }

    /** @return the name the dashboard shows, e.g. {@code ConnectionOpened} */
    public String displayName() {
      return displayName;
    }
  }

  /** Validates and copies. */
  public LiveTraceEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(hub, "hub");
    details = Map.copyOf(details);
  }
}
