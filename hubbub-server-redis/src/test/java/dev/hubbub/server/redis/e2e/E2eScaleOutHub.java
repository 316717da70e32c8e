package dev.hubbub.server.redis.e2e;

import dev.hubbub.server.Hub;
import java.util.concurrent.CompletableFuture;

/** The hub the scale-out end-to-end tests call on each of several servers. */
public class E2eScaleOutHub extends Hub {
  public String whoAmI() {
    return context().connectionId();
  }

  public CompletableFuture<Void> broadcast(String text) {
    return clients().all().send("message", text);
  }

  public CompletableFuture<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletableFuture<Void> toGroup(String group, String text) {
    return clients().group(group).send("groupMessage", group, text);
  }

  public CompletableFuture<Void> toUser(String user, String text) {
    return clients().user(user).send("userMessage", text);
  }

  public CompletableFuture<Void> toConnection(String connectionId, String text) {
    return clients().client(connectionId).send("direct", text);
  }

  public CompletableFuture<String> ask(String connectionId) {
    return clients().client(connectionId).invoke(String.class, "getName");
  }
}
