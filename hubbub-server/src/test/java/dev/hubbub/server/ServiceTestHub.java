package dev.hubbub.server;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/** A hub for the tests behind the (fake) SignalR service. */
public class ServiceTestHub extends Hub {
  static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

  @Override
  public void onConnected() {
    EVENTS.add("connected " + context().connectionId() + " " + context().userIdentifier());
  }

  @Override
  public void onDisconnected(@Nullable Throwable error) {
    EVENTS.add("disconnected " + context().connectionId());
  }

  /** What the hub sees of the client's HTTP request as the service forwarded it. */
  public String request() {
    HubHttpRequest r = context().httpRequest();
    return r.path() + " room=" + r.queryParam("room") + " x-app=" + r.header("x-app") + " auth="
        + r.header("authorization") + " token=" + r.queryParam("access_token") + " remote=" + (r.remoteAddress() == null ? null
        : r.remoteAddress().getAddress().getHostAddress()) + " transport=" + r.transport();
  }

  @Authorize(roles = "admin")
  public String admin() {
    return "admin ok";
  }

  public String echo(String s) {
    return s;
  }

  public void broadcast(String text) {
    clients().all().send("news", text);
  }

  /** Sends to one connection, then to everyone: the caller's two sends. */
  public void tell(String connectionId, String text) {
    clients().client(connectionId).send("told", text);
    clients().all().send("news", text);
  }

  public void fanout(String text) {
    clients().others().send("others", text);
    clients().group("g").send("group", text);
    clients().groups(List.of("g", "h")).send("groups", text);
    clients().user("bob").send("user", text);
    clients().users(List.of("bob", "ann")).send("users", text);
    clients().caller().send("caller", text);
  }

  public CompletableFuture<String> join(String group) {
    return groups().add(context().connectionId(), group).thenApply(v -> "joined " + group);
  }

  public CompletableFuture<String> ask() {
    return clients().caller().invoke(String.class, "question", "why?").thenApply(a -> "answer " + a);
  }

  public void kick() {
    context().abort();
  }
}
