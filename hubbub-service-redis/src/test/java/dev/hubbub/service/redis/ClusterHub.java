package dev.hubbub.service.redis;

import dev.hubbub.server.Hub;
import java.util.concurrent.CompletableFuture;

/** The app server's hub in the Default-mode cluster tests. */
public class ClusterHub extends Hub {
  public String echo(String text) {
    return "echo:" + text;
  }

  public CompletableFuture<Void> broadcast(String text) {
    return clients().all().send("message", text);
  }
}
