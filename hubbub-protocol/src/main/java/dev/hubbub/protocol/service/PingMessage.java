package dev.hubbub.protocol.service;

import dev.hubbub.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A ping: {@code [3, key1, value1, key2, value2, ...]}, flat strings. {@code [3]} alone is the keep-alive.
 * Type 3, both directions. The keys in use are listed as constants; the typed views below read them.
 *
 * @param messages the strings after the type id, keys and values alternating (nil elements read as {@code ""})
 */
public record PingMessage(List<String> messages) implements ServiceMessage {
  /** The message type id. */
  public static final int TYPE = 3;
  /** Server to service every 10 s ({@code 1}); service to server: whether it has clients ({@code 0|1}). */
  public static final String STATUS = "status";
  /** Server to service: graceful offline {@code fin:0|1|2}; service answers {@code finack}. */
  public static final String SHUTDOWN = "shutdown";
  /** Service to server: a service instance went down; the value is its id. */
  public static final String OFFLINE = "offline";
  /** Service to server: open an on-demand connection with {@code &target=} this instance id. */
  public static final String TARGET = "target";
  /** Server list query ({@code ""}) or answer ({@code <ticks>:<s1>;<s2>}). */
  public static final String SERVERS = "servers";
  /** Echoed back, for latency. */
  public static final String ECHO = "echo";
  /** Server keep-alive: number of clients in the hub. */
  public static final String CLIENT_IN_HUB = "#clientInHub";
  /** Server keep-alive: number of clients. */
  public static final String CLIENT = "#client";
  /** Service to server: client count with a status ping. */
  public static final String CLIENT_COUNT = "clientcount";
  /** Service to server: enable ({@code 1}) or disable ({@code 0}) message tracing logs. */
  public static final String MESSAGE_LOG = "d-m";
  /** The value that acknowledges a shutdown ping. */
  public static final String FIN_ACK = "finack";

  /** The keep-alive {@code [3]}. */
  public static final PingMessage KEEP_ALIVE = new PingMessage(List.of());

  /** Copies the strings. */
  public PingMessage {
    messages = List.copyOf(messages);
  }

  /** A ping of alternating keys and values. */
  public static PingMessage of(String... keysAndValues) {
    return new PingMessage(List.of(keysAndValues));
  }

  /** {@code status, 1|0}. */
  public static PingMessage status(boolean active) {
    return of(STATUS, active ? "1" : "0");
  }

  /** {@code shutdown, fin:<mode>}: 0 plain, 1 migrate clients, 2 wait for clients to leave. */
  public static PingMessage shutdown(int mode) {
    return of(SHUTDOWN, "fin:" + mode);
  }

  /** {@code shutdown, finack}. */
  public static PingMessage finAck() {
    return of(SHUTDOWN, FIN_ACK);
  }

  /** {@code offline, <instanceId>}. */
  public static PingMessage offline(String instanceId) {
    return of(OFFLINE, instanceId);
  }

  /** {@code target, <instanceId>}. */
  public static PingMessage target(String instanceId) {
    return of(TARGET, instanceId);
  }

  /** {@code echo, <value>}. */
  public static PingMessage echo(String value) {
    return of(ECHO, value);
  }

  /** The server keep-alive with client counts: {@code #clientInHub, N, #client, M}. */
  public static PingMessage clientCounts(int clientsInHub, int clients) {
    return of(CLIENT_IN_HUB, Integer.toString(clientsInHub), CLIENT, Integer.toString(clients));
  }

  @Override
  public int type() {
    return TYPE;
  }

  /** Whether this is the bare keep-alive {@code [3]}. */
  public boolean isKeepAlive() {
    return messages.isEmpty();
  }

  /** The value after the first occurrence of {@code key} in a key position; empty when absent. */
  public Optional<String> get(String key) {
    for (int i = 0; i + 1 < messages.size(); i += 2) {
      if (messages.get(i).equals(key)) {
        return Optional.of(messages.get(i + 1));
      }
    }
    return Optional.empty();
  }

  /** The {@code status} value as a flag ({@code 1} = true); empty when absent. */
  public Optional<Boolean> status() {
    return get(STATUS).map("1"::equals);
  }

  /** The mode of a {@code shutdown, fin:N} ping; empty for other pings and {@code finack}. */
  public OptionalInt shutdownMode() {
    Optional<String> value = get(SHUTDOWN).filter(v -> v.startsWith("fin:") && !v.equals(FIN_ACK));
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value.get().substring(4)));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** Whether this is {@code shutdown, finack}. */
  public boolean isFinAck() {
    return get(SHUTDOWN).filter(FIN_ACK::equals).isPresent();
  }

  /** The instance id of an {@code offline} ping. */
  public Optional<String> offlineInstance() {
    return get(OFFLINE);
  }

  /** The instance id of a {@code target} (rebalance) ping. */
  public Optional<String> rebalanceTarget() {
    return get(TARGET);
  }

  /** The value of a {@code servers} ping ({@code ""} for the query). */
  public Optional<String> servers() {
    return get(SERVERS);
  }

  /** The value of an {@code echo} ping. */
  public Optional<String> echo() {
    return get(ECHO);
  }

  /** The {@code #clientInHub} count of a server keep-alive; empty when absent or not a number. */
  public OptionalInt clientsInHub() {
    return number(CLIENT_IN_HUB);
  }

  /** The {@code #client} count of a server keep-alive; empty when absent or not a number. */
  public OptionalInt clients() {
    return number(CLIENT);
  }

  private OptionalInt number(String key) {
    Optional<String> value = get(key);
    try {
      return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.get()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static PingMessage read(MessageReader r) throws ProtocolException {
    List<String> messages = new ArrayList<>(Math.min(r.remaining(), 64));
    while (r.has()) {
      String s = r.nullableString("ping value");
      messages.add(s == null ? "" : s);
    }
    return new PingMessage(messages);
  }

  MessageWriter write(MessageWriter w) {
    w.begin(TYPE, 1 + messages.size());
    messages.forEach(w::string);
    return w;
  }
}
