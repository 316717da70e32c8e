package dev.hubbub.core;

import dev.hubbub.core.spi.ClientResultException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client results a process waits for: each invocation gets a fresh id, and the client's {@code Completion}
 * with that id, from that connection, completes it. For lifetime managers that deliver to sessions of this
 * process. Thread-safe.
 */
public final class ClientResults {
  private static final AtomicLong IDS = new AtomicLong();

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(String connectionId, CompletableFuture<CompletionMessage> future) {}

  /**
   * Sends an invocation with a fresh id to {@code session}; the future completes with its Completion, or fails
   * with a {@link ClientResultException} when the session is closed or leaves first. Whoever completes the
   * future early (a timeout) makes the pending result go.
   */
  public CompletableFuture<CompletionMessage> invoke(HubSession session, String target, Arguments arguments) {
    CompletableFuture<CompletionMessage> future = new CompletableFuture<>();
    String id = "r" + IDS.incrementAndGet();
    pending.put(id, new Pending(session.connectionId(), future));
    future.whenComplete((r, e) -> pending.remove(id));
    if (!session.send(new InvocationMessage(id, target, arguments))) {
      future.completeExceptionally(new ClientResultException("Connection '" + session.connectionId()
          + "' is closed."));
    }
    return future;
  }

  /** Completes the pending result {@code completion} answers, if it came from the connection asked; else false. */
  public boolean complete(String connectionId, CompletionMessage completion) {
    Pending p = pending.get(completion.invocationId());
    if (p == null || !p.connectionId().equals(connectionId) || !pending.remove(completion.invocationId(), p)) {
      return false;
    }
    p.future().complete(completion);
    return true;
  }

  /** The connection left: every result it owes fails. */
  public void failFor(String connectionId) {
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (p.connectionId().equals(connectionId) && pending.remove(e.getKey(), p)) {
        p.future().completeExceptionally(new ClientResultException("Connection '" + connectionId
            + "' disconnected before it returned a result."));
      }
    }
  }
}
