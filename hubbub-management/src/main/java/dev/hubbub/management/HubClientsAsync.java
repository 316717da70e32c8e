package dev.hubbub.management;

import dev.hubbub.management.internal.EncodedMessage;
import dev.hubbub.management.internal.Futures;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Picks the clients of one hub a message goes to, as {@code IHubContext.Clients} in ASP.NET Core SignalR:
 * {@code hubContext.clients().group("room").send("newMessage", "hello")}. Each send serializes its arguments
 * once; a send to several users, groups or connections makes one REST call per target, all at once. Futures complete on the SDK's I/O thread: see
 * {@link ServiceHubContextAsync} for what continuations may do there.
 */
public final class HubClientsAsync {
  private final ManagementTransport transport;
  private final HubRef hub;
  private final PayloadEncoder encoder;

  HubClientsAsync(ManagementTransport transport, HubRef hub, PayloadEncoder encoder) {
    this.transport = transport;
    this.hub = hub;
    this.encoder = encoder;
  }

  /** Every connection of the hub. */
  public ClientProxyAsync all() {
    return proxy(m -> transport.sendToAll(hub, List.of(), m));
  }

  /** Every connection of the hub except {@code excludedConnectionIds}. */
  public ClientProxyAsync allExcept(Collection<String> excludedConnectionIds) {
    List<String> excluded = ids("excludedConnectionIds", excludedConnectionIds);
    return proxy(m -> transport.sendToAll(hub, excluded, m));
  }

  /** Every connection of one user. */
  public ClientProxyAsync user(String userId) {
    String user = name("userId", userId);
    return proxy(m -> transport.sendToUser(hub, user, m));
  }

  /** Every connection of several users (with the transient transport one REST call per user, run concurrently; with the persistent one a single {@code MultiUserData} message). */
  public ClientProxyAsync users(Collection<String> userIds) {
    List<String> users = ids("userIds", userIds);
    return proxy(m -> transport.sendToUsers(hub, users, m));
  }

  /** Every connection in one group. */
  public ClientProxyAsync group(String group) {
    String g = name("group", group);
    return proxy(m -> transport.sendToGroup(hub, g, List.of(), m));
  }

  /** Every connection in several groups (transient: one REST call per group, run concurrently; persistent: one {@code MultiGroupBroadcastData} message). */
  public ClientProxyAsync groups(Collection<String> groups) {
    List<String> gs = ids("groups", groups);
    return proxy(m -> transport.sendToGroups(hub, gs, m));
  }

  /** Every connection in one group except {@code excludedConnectionIds}. */
  public ClientProxyAsync groupExcept(String group, Collection<String> excludedConnectionIds) {
    String g = name("group", group);
    List<String> excluded = ids("excludedConnectionIds", excludedConnectionIds);
    return proxy(m -> transport.sendToGroup(hub, g, excluded, m));
  }

  /** One connection. */
  public ClientProxyAsync client(String connectionId) {
    String c = name("connectionId", connectionId);
    return proxy(m -> transport.sendToConnection(hub, c, m));
  }

  /** Several connections (transient: one REST call per connection, run concurrently; persistent: one {@code MultiConnectionData} message). */
  public ClientProxyAsync clients(Collection<String> connectionIds) {
    List<String> cs = ids("connectionIds", connectionIds);
    return proxy(m -> transport.sendToConnections(hub, cs, m));
  }

  private ClientProxyAsync proxy(Function<EncodedMessage, CompletableFuture<Void>> send) {
    return (target, arguments) -> {
      EncodedMessage message;
      try {
        message = encoder.encode(target, arguments);
      } catch (RuntimeException e) {
        return Futures.failed(e);
      }
      return send.apply(message);
    };
  }

  static String name(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty.");
    }
    return value;
  }

  static List<String> ids(String what, Collection<String> values) {
    Objects.requireNonNull(values, what);
    List<String> copy = List.copyOf(values);
    copy.forEach(v -> name(what + " element", v));
    return copy;
  }
}
