package dev.hubbub.server;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One or more clients that can be sent an invocation of a client-side handler. */
public interface ClientProxy {

  /**
   * Invokes {@code method} on every client of this proxy without waiting for results. The message is
   * encoded once per hub protocol and the bytes are shared by all receivers.
   *
   * @return completes when the message has been queued for every connected receiver
   */
  CompletableFuture<Void> send(String method, @Nullable Object... args);
}
