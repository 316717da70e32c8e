package dev.hubbub.management;

import java.util.concurrent.CompletableFuture;

/**
 * The clients one send reaches (all, a user, a group, ...), without blocking. Futures complete on the SDK's I/O thread: see
 * {@link ServiceHubContextAsync} for what continuations may do there.
 */
@FunctionalInterface
public interface ClientProxyAsync {
  /**
   * Invokes {@code target} on the clients with {@code arguments}, serialized once on the calling thread
   * with the manager's {@link com.fasterxml.jackson.databind.ObjectMapper}.
   *
   * @return completes when the service accepted the message; fails with a {@link SignalRException}, or an
   *     {@link IllegalArgumentException} when the target is empty or an argument cannot be serialized
   */
  CompletableFuture<Void> send(String target, Object... arguments);
}
