package dev.hubbub.server;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One client, which can also be asked for a result ("client results"). */
public interface SingleClientProxy extends ClientProxy {

  /**
   * Invokes {@code method} on the client and waits for the value its handler returns.
   *
   * @param resultType the type to bind the client's result to
   * @return completes with the result; fails with a {@link HubException} carrying the client's error,
   *     when the connection closes first, or after {@link HubOptions#clientResultTimeout()}
   */
  <T> CompletableFuture<T> invoke(Class<T> resultType, String method, @Nullable Object... args);

  /** {@link #invoke(Class, String, Object...)} for a generic result type. */
  <T> CompletableFuture<T> invoke(Type resultType, String method, @Nullable Object... args);
}
