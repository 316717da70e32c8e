package dev.hubbub.protocol.negotiate;

import java.util.List;

/**
 * One entry of {@code availableTransports} in a negotiate response.
 *
 * @param transport {@code WebSockets}, {@code ServerSentEvents} or {@code LongPolling}
 * @param transferFormats {@code Text} and/or {@code Binary}
 */
public record AvailableTransport(String transport, List<String> transferFormats) {

  /** {@code {"transport":"WebSockets","transferFormats":["Text","Binary"]}}. */
  public static final AvailableTransport WEB_SOCKETS =
      new AvailableTransport("WebSockets", List.of("Text", "Binary"));
  /** {@code {"transport":"ServerSentEvents","transferFormats":["Text"]}}. */
  public static final AvailableTransport SERVER_SENT_EVENTS =
      new AvailableTransport("ServerSentEvents", List.of("Text"));
  /** {@code {"transport":"LongPolling","transferFormats":["Text","Binary"]}}. */
  public static final AvailableTransport LONG_POLLING =
      new AvailableTransport("LongPolling", List.of("Text", "Binary"));

  /** All three, in the order ASP.NET Core lists them (clients try them in this order). */
  public static final List<AvailableTransport> ALL =
      List.of(WEB_SOCKETS, SERVER_SENT_EVENTS, LONG_POLLING);

  public AvailableTransport {
    transferFormats = List.copyOf(transferFormats);
  }
}
