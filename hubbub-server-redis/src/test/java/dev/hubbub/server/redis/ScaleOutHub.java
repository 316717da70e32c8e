package dev.hubbub.server.redis;

import dev.hubbub.server.Hub;
import java.util.concurrent.CompletableFuture;

/** A hub whose methods send through the backplane, as hub code does. */
public class ScaleOutHub extends Hub {
  public CompletableFuture<Void> broadcast(String text) {
    return clients().all().send("message", text);
  }

  public CompletableFuture<Void> join(String group) {
    return groups().add(context().connectionId(), group);
  }

  public CompletableFuture<Void> toGroup(String group, String text) {
    return clients().group(group).send("message", text);
  }

  public CompletableFuture<String> askName(String connectionId) {
    return clients().client(connectionId).invoke(String.class, "getName").thenApply(n -> "Hello, " + n);
  }
}
