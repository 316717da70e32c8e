package dev.hubbub.test.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.protocol.hub.StreamItemMessage;
import dev.hubbub.test.client.internal.ClientThreads;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a client's incoming messages go: invocations to their target's recorder (and to a result handler when the
 * server wants a result), stream items and completions to the calls that wait for them. Futures are completed on
 * the shared pool, never on the thread that reads the connection.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(HubTestClient.class);

  private final ObjectMapper mapper;
  private final int recordLimit;
  private final java.time.Duration timeout;
  private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
  private final Map<String, ServerStream<?>> streams = new ConcurrentHashMap<>();
  private final Map<String, MessageRecorder> recorders = new ConcurrentHashMap<>();
  private final Map<String, ClientResultHandler> handlers = new ConcurrentHashMap<>();
  private final MessageRecorder all;
  private volatile @Nullable Closed closed; // set while the client is closed for good after a connection

  /** An invocation waiting for its Completion. */
  record PendingCall(String target, Type resultType, CompletableFuture<@Nullable Object> future) {}

  Dispatcher(HubTestClientOptions options) {
    this.mapper = options.objectMapper();
    this.recordLimit = options.maxRecordedMessages();
    this.timeout = options.timeout();
    this.all = new MessageRecorder("*", recordLimit, timeout);
  }

  private static String key(String target) {
    return target.toLowerCase(Locale.ROOT);
  }

  MessageRecorder recorder(String target) {
    return recorders.computeIfAbsent(key(target), k -> {
      MessageRecorder r = new MessageRecorder(target, recordLimit, timeout);
      Closed c = closed;
      if (c != null) {
        r.terminate(c.error);
      }
      return r;
    });
  }

  void handler(String target, ClientResultHandler handler) {
    handlers.put(key(target), handler);
  }

  CompletableFuture<@Nullable Object> expect(String invocationId, String target, Type resultType) {
    CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
    calls.put(invocationId, new PendingCall(target, resultType, future));
    return future;
  }

  void expect(ServerStream<?> stream) {
    streams.put(stream.invocationId(), stream);
  }

  void forget(String invocationId) {
    calls.remove(invocationId);
    streams.remove(invocationId);
  }

  /** Fails one waiting call (its message could not be sent). */
  void fail(String invocationId, Throwable error) {
    PendingCall call = calls.remove(invocationId);
    if (call != null) {
      ClientThreads.POOL.execute(() -> call.future.completeExceptionally(error));
    }
    ServerStream<?> stream = streams.remove(invocationId);
    if (stream != null) {
      stream.end(error instanceof RuntimeException r ? r : new CompletionException(error));
    }
  }

  /** Every invocation from the server, all targets, in arrival order. */
  MessageRecorder all() {
    return all;
  }

  void onInvocation(Link link, InvocationMessage message) {
    ReceivedMessage received = new ReceivedMessage(message, mapper);
    all.record(received);
    recorder(message.target()).record(received);
    String id = message.invocationId();
    if (id == null) {
      return;
    }
    ClientResultHandler handler = handlers.get(key(message.target()));
    if (handler == null) {
      link.writeQuietly(CompletionMessage.withError(id, "Client didn't provide a result."));
      return;
    }
    ClientThreads.POOL.execute(() -> {
      Object result;
      try {
        result = handler.handle(received);
      } catch (Exception | Error e) {
        link.writeQuietly(CompletionMessage.withError(id, errorText(e)));
        return;
      }
      if (result instanceof CompletionStage<?> stage) {
        stage.whenComplete((value, error) -> link.writeQuietly(error == null
            ? CompletionMessage.withResult(id, RawValue.ofJava(value))
            : CompletionMessage.withError(id, errorText(unwrap(error)))));
      } else {
        link.writeQuietly(CompletionMessage.withResult(id, RawValue.ofJava(result)));
      }
    });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String errorText(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  void onStreamItem(StreamItemMessage message) {
    ServerStream<?> stream = streams.get(message.invocationId());
    if (stream != null) {
      stream.item(message.item());
    } else {
      log.debug("Stream item for unknown or cancelled stream {} ignored", message.invocationId());
    }
  }

  void onCompletion(CompletionMessage message) {
    String id = message.invocationId();
    PendingCall call = calls.remove(id);
    if (call != null) {
      complete(call, message);
      return;
    }
    ServerStream<?> stream = streams.remove(id);
    if (stream != null) {
      stream.end(message.kind() == CompletionMessage.Kind.ERROR
          ? new HubInvocationException(stream.target(), String.valueOf(message.error()))
          : null);
      return;
    }
    log.debug("Completion for unknown invocation {} ignored", id);
  }

  private void complete(PendingCall call, CompletionMessage message) {
    Object value = null;
    Throwable error = null;
    switch (message.kind()) {
      case ERROR -> error = new HubInvocationException(call.target, String.valueOf(message.error()));
      case VOID -> value = null;
      case RESULT -> {
        RawValue raw = message.result();
        if (call.resultType == Void.class || call.resultType == void.class) {
          break; // the caller does not want it
        }
        try {
          value = raw == null ? null : raw.bind(call.resultType, mapper);
        } catch (ArgumentBindingException e) {
          error = new HubClientException("The result of '" + call.target + "' ("
              + (raw == null ? "null" : raw.toJsonString()) + ") cannot be bound to "
              + call.resultType.getTypeName() + ": " + e.getMessage(), e);
        }
      }
    }
    Object v = value;
    Throwable e = error;
    ClientThreads.POOL.execute(() -> {
      if (e != null) {
        call.future.completeExceptionally(e);
      } else {
        call.future.complete(v);
      }
    });
  }

  /** Fails every waiting call and stream: their connection is gone. */
  void connectionLost(ConnectionClosedException error) {
    List<PendingCall> lost = new ArrayList<>(calls.values());
    calls.clear();
    List<ServerStream<?>> lostStreams = new ArrayList<>(streams.values());
    streams.clear();
    ClientThreads.POOL.execute(() -> lost.forEach(c -> c.future.completeExceptionally(error)));
    lostStreams.forEach(s -> s.end(error));
  }

  /** The client closed for good: waits on recorders end, also on recorders made later. */
  void clientClosed(@Nullable Throwable error) {
    closed = new Closed(error);
    all.terminate(error);
    recorders.values().forEach(r -> r.terminate(error));
  }

  /** The client starts (again). */
  void clientStarting() {
    closed = null;
    all.reopen();
    recorders.values().forEach(MessageRecorder::reopen);
  }

  private record Closed(@Nullable Throwable error) {}
}
