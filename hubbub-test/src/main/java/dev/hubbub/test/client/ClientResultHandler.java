package dev.hubbub.test.client;

import org.jspecify.annotations.Nullable;

/**
 * Answers a server's invocation that expects a result (a client result:
 * {@code clients().client(id).invoke(String.class, "getName")}). Runs on a pool thread, so it may block.
 */
@FunctionalInterface
public interface ClientResultHandler {
  /**
   * The result for the server: a value (null is sent as {@code "result":null}), or a
   * {@link java.util.concurrent.CompletionStage} whose value is sent when it completes. A thrown exception (or a
   * failed stage) is sent as the Completion's error: the exception's message, or its simple class name when it
   * has none.
   *
   * @param invocation the server's invocation, which is also recorded by {@link HubTestClient#on(String)}
   */
  @Nullable Object handle(ReceivedMessage invocation) throws Exception;
}
