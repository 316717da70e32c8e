package dev.hubbub.test.client;

import java.util.List;

/** Every transport and protocol pair the SignalR clients support (MessagePack needs binary frames: not SSE). */
final class Combinations {
  static final List<Object[]> ALL = List.of(
      new Object[] {TransportType.WEB_SOCKETS, Protocol.JSON},
      new Object[] {TransportType.WEB_SOCKETS, Protocol.MESSAGEPACK},
      new Object[] {TransportType.SERVER_SENT_EVENTS, Protocol.JSON},
      new Object[] {TransportType.LONG_POLLING, Protocol.JSON},
      new Object[] {TransportType.LONG_POLLING, Protocol.MESSAGEPACK});

  private Combinations() {}
}
