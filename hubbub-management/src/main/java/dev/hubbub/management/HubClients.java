package dev.hubbub.management;

import dev.hubbub.management.internal.Futures;
import java.util.Collection;

/**
 * Picks the clients of one hub a message goes to, as {@code IHubContext.Clients} in ASP.NET Core SignalR:
 * {@code hubContext.clients().group("room").send("newMessage", "hello")}. Sends block until the service
 * accepted the message; {@link HubClientsAsync} is the non-blocking twin.
 */
public final class HubClients {
  private final HubClientsAsync async;

  HubClients(HubClientsAsync async) {
    this.async = async;
  }

  /** Every connection of the hub. */
  public ClientProxy all() {
    ClientProxyAsync proxy = async.all();
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection of the hub except {@code excludedConnectionIds}. */
  public ClientProxy allExcept(Collection<String> excludedConnectionIds) {
    ClientProxyAsync proxy = async.allExcept(excludedConnectionIds);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection of one user. */
  public ClientProxy user(String userId) {
    ClientProxyAsync proxy = async.user(userId);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection of several users (one REST call per user, run concurrently). */
  public ClientProxy users(Collection<String> userIds) {
    ClientProxyAsync proxy = async.users(userIds);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection in one group. */
  public ClientProxy group(String group) {
    ClientProxyAsync proxy = async.group(group);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection in several groups (one REST call per group, run concurrently). */
  public ClientProxy groups(Collection<String> groups) {
    ClientProxyAsync proxy = async.groups(groups);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Every connection in one group except {@code excludedConnectionIds}. */
  public ClientProxy groupExcept(String group, Collection<String> excludedConnectionIds) {
    ClientProxyAsync proxy = async.groupExcept(group, excludedConnectionIds);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** One connection. */
  public ClientProxy client(String connectionId) {
    ClientProxyAsync proxy = async.client(connectionId);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }

  /** Several connections (one REST call per connection, run concurrently). */
  public ClientProxy clients(Collection<String> connectionIds) {
    ClientProxyAsync proxy = async.clients(connectionIds);
    return (target, arguments) -> Futures.call(() -> proxy.send(target, arguments));
  }
}
