package dev.hubbub.transport;

/** The three SignalR transports. */
public enum TransportType {
  /** WebSockets: both directions on one socket. */
  WEB_SOCKETS("WebSockets"),
  /** Server-Sent Events for server-to-client, HTTP POST for client-to-server. Text only. */
  SERVER_SENT_EVENTS("ServerSentEvents"),
  /** Long polling for server-to-client, HTTP POST for client-to-server. */
  LONG_POLLING("LongPolling");

  private final String wireName;

  TransportType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in negotiate responses, e.g. {@code WebSockets}. */
  public String wireName() {
    return wireName;
  }
}
