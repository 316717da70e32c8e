package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/** The SignalR transports, named as negotiate lists them. */
public enum TransportType {
  /** WebSockets: text frames for JSON, binary frames for MessagePack. */
  WEB_SOCKETS("WebSockets"),
  /** Server-Sent Events to receive, HTTP POST to send; text only, so JSON only. */
  SERVER_SENT_EVENTS("ServerSentEvents"),
  /** Long polling to receive, HTTP POST to send. */
  LONG_POLLING("LongPolling");

  private final String wireName;

  TransportType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in negotiate's {@code availableTransports}, for example {@code WebSockets}. */
  public String wireName() {
    return wireName;
  }

  /** The transport with this negotiate name, or null for one this client does not know. */
  public static @Nullable TransportType fromWireName(String name) {
    for (TransportType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
