package dev.hubbub.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.core.CurrentCaller;
import dev.hubbub.core.HubEndpoint;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.protocol.hub.ArgumentBindingException;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CancelInvocationMessage;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubMessage;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.protocol.hub.StreamItemMessage;
import dev.hubbub.server.Hub;
import dev.hubbub.server.HubPrincipal;
import dev.hubbub.server.HubContext;
import dev.hubbub.server.HubException;
import dev.hubbub.server.HubOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub-dispatch core of one hub, and the hub layer's {@link HubEndpoint} for it: takes the parsed hub
 * messages of a {@link HubConnection}, runs hub methods on worker threads, and sends completions, stream items
 * and errors back. It knows nothing about transports, so self-hosted connections and clients multiplexed
 * through the SignalR service reach it the same way; sends go through the hub's {@link HubLifetimeManager}.
 *
 * <p>{@link #connected}, {@link #message} and {@link #disconnected} are called on the connection's
 * network thread, one at a time per connection, and return at once.
 */
public final class HubDispatcher implements HubEndpoint<HubConnection> {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  private final String hubName;
  private final Class<? extends Hub> hubClass;
  private final HubMethods methods;
  private final Supplier<? extends Hub> factory;
  private final HubOptions options;
  private final ObjectMapper mapper;
  private final ExecutorService executor;
  private final HubLifetimeManager lifetime;
  private final Clients.Shared clients;
  private final Clients context;
  private final Telemetry telemetry;
  private final HubConnectionSet connections = new HubConnectionSet();
  private final InvocationLane lanes;
  private final HubAuthorization authorization;
  private final dev.hubbub.server.@Nullable Authorize classAuthorize;
  // Hubs that keep Hub's empty callbacks get no hub instance and no hub thread when a client connects or leaves:
  // with thousands of clients connecting at once that is a task, a hub object and a pool thread spared per client.
  // Decided from the mapped class when the factory can make nothing else (the class is final, or the factory is its
  // constructor); otherwise from the class of the first instance the factory made (a subclass of the mapped class,
  // such as a proxy, may override what the mapped class does not), and until that instance exists the callbacks run.
  private static final int UNKNOWN = -1;
  private static final int ON_CONNECTED = 1;
  private static final int ON_DISCONNECTED = 2;
  private volatile int madeCallbacks;

  /**
   * @param hubName the hub's name in logs and spans (its path)
   * @param hubClass the hub's class, whose public methods clients call
   * @param factory makes a hub instance per invocation
   * @param lifetime where the hub's sends, group changes and client results go
   */
  public HubDispatcher(String hubName, Class<? extends Hub> hubClass, Supplier<? extends Hub> factory,
      HubOptions options, ObjectMapper mapper, ExecutorService executor, ExecutorService callbacks,
      OpenTelemetry openTelemetry, HubLifetimeManager lifetime, HubAuthorization authorization) {
    authorization.check(hubClass);
    this.authorization = authorization;
    this.classAuthorize = hubClass.getAnnotation(dev.hubbub.server.Authorize.class);
    this.hubName = hubName;
    this.hubClass = hubClass;
    this.madeCallbacks = makesOnly(factory, hubClass) ? callbacks(hubClass) : UNKNOWN;
    this.methods = new HubMethods(hubClass);
    this.factory = factory;
    this.options = options;
    this.mapper = mapper;
    this.executor = executor;
    this.lanes = new InvocationLane(executor, options.maximumParallelInvocationsPerClient());
    this.lifetime = lifetime;
    this.clients = new Clients.Shared(lifetime, mapper, callbacks, options.clientResultTimeout());
    this.context = new Clients(clients, null);
    this.telemetry = new Telemetry(hubName, openTelemetry);
  }

  /** Which of Hub's callbacks {@code type} (or a class between it and {@link Hub}) overrides. */
  private static int callbacks(Class<?> type) {
    return (overrides(type, "onConnected") ? ON_CONNECTED : 0)
        | (overrides(type, "onDisconnected", Throwable.class) ? ON_DISCONNECTED : 0);
  }

  /** True when every hub {@code factory} makes is of exactly {@code hubClass}. */
  private static boolean makesOnly(Supplier<? extends Hub> factory, Class<? extends Hub> hubClass) {
    return Modifier.isFinal(hubClass.getModifiers())
        || factory instanceof ConstructorHubFactory<?> f && f.type() == hubClass;
  }

  private boolean runs(int callback) {
    int made = madeCallbacks;
    return made == UNKNOWN || (made & callback) != 0;
  }

  /** True when the hub class (or a class between it and {@link Hub}) declares its own version of the callback. */
  private static boolean overrides(Class<?> hubClass, String name, Class<?>... parameters) {
    try {
      return hubClass.getMethod(name, parameters).getDeclaringClass() != Hub.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("Hub." + name + " is missing", e);
    }
  }

  /** The hub's class. */
  public Class<? extends Hub> hubClass() {
    return hubClass;
  }

  /** Sends from outside hub methods. */
  public HubContext context() {
    return context;
  }

  /** The lifetime manager the hub's sends go through. */
  public HubLifetimeManager lifetime() {
    return lifetime;
  }

  /** Connections of this server now open. */
  public int connectionCount() {
    return connections.size();
  }

  /** Every open connection of this server (for shutdown). */
  public List<HubConnection> connections() {
    return connections.snapshot();
  }

  /** The handshake completed: the connection joins the hub and {@link Hub#onConnected} runs first in its lane. */
  @Override
  public void connected(HubConnection connection) {
    connections.add(connection);
    lifetime.onConnected(connection);
    telemetry.connected();
    if (!runs(ON_CONNECTED)) {
      return;
    }
    lanes.submit(connection, () -> {
      try {
        Hub hub = newHub(connection);
        hub.onConnected();
      } catch (Throwable e) {
        log.warn("onConnected of hub '{}' failed for {}; closing it", hubName, connection.connectionId(), e);
        connection.close(closeError(e), false);
      }
      return null;
    });
  }

  /**
   * The connection ended: it leaves the hub, its streams and pending client results end, queued
   * invocations are dropped, and {@link Hub#onDisconnected} runs after the running ones finish.
   */
  @Override
  public void disconnected(HubConnection connection, @Nullable Throwable error) {
    connections.remove(connection);
    lifetime.onDisconnected(connection);
    connection.fireClosed();
    telemetry.disconnected();
    for (ServerStream s : connection.serverStreamsIfAny().values()) {
      executor.execute(s::cancel);
    }
    for (ClientStream s : connection.clientStreamsIfAny().values()) {
      s.complete(new HubException("The connection closed before the stream ended."));
    }
    int dropped = lanes.closeWith(connection, !runs(ON_DISCONNECTED) ? null : () -> {
      try {
        newHub(connection).onDisconnected(error);
      } catch (Throwable e) {
        log.warn("onDisconnected of hub '{}' failed for {}", hubName, connection.connectionId(), e);
      }
      return null;
    });
    if (dropped > 0) {
      log.debug("Dropped {} queued invocation(s) of closed connection {}", dropped, connection.connectionId());
    }
  }

  /** A message from the client other than Ping, Close, Ack and Sequence (the session layer's business). */
  @Override
  public void message(HubConnection connection, HubMessage message, ByteBuffer payload) {
    if (message instanceof InvocationMessage m) {
      invocation(connection, m.invocationId(), m.target(), m.arguments(), m.streamIds(), false);
    } else if (message instanceof StreamInvocationMessage m) {
      invocation(connection, m.invocationId(), m.target(), m.arguments(), m.streamIds(), true);
    } else if (message instanceof StreamItemMessage m) {
      streamItem(connection, m);
    } else if (message instanceof CompletionMessage m) {
      completion(connection, m);
    } else if (message instanceof CancelInvocationMessage m) {
      // Streams are registered when their invocation arrives, so a cancel is never early; one for an id that
      // is unknown (or already ended) is the client's mistake: one WARN per connection, DEBUG after that.
      ServerStream stream = connection.serverStreamsIfAny().get(m.invocationId());
      if (stream != null) {
        stream.cancelRequested();
        executor.execute(stream::cancel); // the publisher's cancel is hub code: not on the network thread
      } else if (connection.firstUnknownCancel()) {
        log.warn("Cancel for unknown stream {} of {} (further ones of this connection are logged at DEBUG)",
            m.invocationId(), connection.connectionId());
      } else {
        log.debug("Cancel for unknown stream {} of {}", m.invocationId(), connection.connectionId());
      }
    } else {
      log.debug("Ignoring {} from {}", message.type(), connection.connectionId());
    }
  }

  private void invocation(HubConnection connection, @Nullable String invocationId, String target,
      Arguments arguments, List<String> streamIds, boolean streamResponse) {
    HubMethod method = methods.find(target);
    if (method == null) {
      log.debug("Unknown hub method '{}' invoked by {}", target, connection.connectionId());
      error(connection, invocationId, ErrorMessages.build(ErrorMessages.failedToInvoke(target),
          new HubException(ErrorMessages.METHOD_DOES_NOT_EXIST), options.enableDetailedErrors()));
      return;
    }
    if ((classAuthorize != null || method.authorize() != null) && !authorized(connection, method)) {
      log.debug("{} is not authorized to invoke '{}'", connection.connectionId(), target);
      error(connection, invocationId, HubAuthorization.unauthorized(target));
      return;
    }
    // Register uploaded streams now, so items that arrive before the method runs wait for it.
    for (int i = 0; i < streamIds.size(); i++) {
      ClientStream s = new ClientStream(streamIds.get(i), executor, n -> connection.addPending(-n));
      s.itemType = method.streamItemType(i);
      connection.clientStreams().putIfAbsent(streamIds.get(i), s);
    }
    // A streaming invocation is registered now, on the network thread, before the next message is read: a
    // CancelInvocation that follows finds it even when the method has not run yet.
    ServerStream stream = null;
    if (streamResponse && invocationId != null) {
      stream = new ServerStream(connection, executor, invocationId, options.enableDetailedErrors(),
          options.detailedErrorTypeNames());
      if (connection.serverStreams().putIfAbsent(invocationId, stream) != null) {
        error(connection, invocationId, "Invocation ID '" + invocationId + "' is already in use.");
        for (String id : streamIds) {
          connection.clientStreamsIfAny().remove(id);
        }
        return;
      }
    }
    if (!admit(connection)) {
      if (stream != null) {
        connection.serverStreamsIfAny().remove(invocationId, stream);
      }
      return;
    }
    Invocation call = new Invocation(connection, invocationId, target, method, arguments, streamIds, stream);
    lanes.submit(connection, () -> {
      connection.addPending(-1);
      return call.start();
    });
  }

  /** Whether the connection's user meets the hub's and the method's {@code @Authorize}. */
  private boolean authorized(HubConnection connection, HubMethod method) {
    HubPrincipal principal = new HubPrincipal(connection.userIdentifier(), connection.claims());
    return authorization.allows(classAuthorize, principal) && authorization.allows(method.authorize(), principal);
  }

  /** Counts one more pending message; closes the connection when it has too many. */
  private boolean admit(HubConnection connection) {
    if (connection.addPending(1) <= options.maximumPendingMessagesPerClient()) {
      return true;
    }
    log.warn("Closing {}: more than {} messages waiting to be processed", connection.connectionId(),
        options.maximumPendingMessagesPerClient());
    connection.close("Connection closed with an error. HubException: The client sent more than "
        + options.maximumPendingMessagesPerClient() + " messages that the server has not processed yet "
        + "(maximumPendingMessagesPerClient).", false);
    return false;
  }

  private void streamItem(HubConnection connection, StreamItemMessage m) {
    ClientStream stream = connection.clientStreamsIfAny().get(m.invocationId());
    if (stream == null) {
      log.debug("Stream item for unknown stream {} of {}", m.invocationId(), connection.connectionId());
      return;
    }
    if (!admit(connection)) {
      return;
    }
    Object item;
    try {
      item = bindItem(stream, m.item());
    } catch (ArgumentBindingException e) {
      connection.addPending(-1);
      connection.clientStreamsIfAny().remove(m.invocationId());
      stream.complete(new HubException(ErrorMessages.build("Failed to bind Stream message.",
          new InvalidDataException(e.getMessage()), options.enableDetailedErrors())));
      return;
    }
    stream.offer(item);
  }

  private @Nullable Object bindItem(ClientStream stream, RawValue raw) throws ArgumentBindingException {
    java.lang.reflect.Type type = stream.itemType;
    return raw.bind(type == null ? Object.class : type, mapper);
  }

  private void completion(HubConnection connection, CompletionMessage m) {
    // The stream stays registered until its method ends: the method may not have started yet.
    ClientStream stream = connection.clientStreamsIfAny().get(m.invocationId());
    if (stream != null) {
      stream.complete(m.kind() == CompletionMessage.Kind.ERROR ? new HubException(String.valueOf(m.error())) : null);
      return;
    }
    if (!lifetime.setConnectionResult(connection.connectionId(), m)) {
      log.debug("Unexpected completion {} from {}", m.invocationId(), connection.connectionId());
    }
  }

  private void error(HubConnection connection, @Nullable String invocationId, String error) {
    if (invocationId != null) {
      connection.send(CompletionMessage.withError(invocationId, error));
    }
  }

  private String closeError(Throwable e) {
    return ErrorMessages.fromHubCode("Connection closed with an error.", e, options.enableDetailedErrors(),
        options.detailedErrorTypeNames());
  }

  private Hub newHub(HubConnection connection) {
    Hub hub = factory.get();
    if (madeCallbacks == UNKNOWN) {
      madeCallbacks = callbacks(hub.getClass());
    }
    HubBinder.bind(hub, connection, new Clients(clients, connection.connectionId()), context);
    return hub;
  }

  /** One invocation, from argument binding to its completion. */
  private final class Invocation {
    private final HubConnection connection;
    private final @Nullable String invocationId;
    private final String target;
    private final HubMethod method;
    private final Arguments arguments;
    private final List<String> streamIds;
    private final boolean streamResponse;
    // The stream registered when the StreamInvocation arrived; null for other invocations.
    private final @Nullable ServerStream stream;

    Invocation(HubConnection connection, @Nullable String invocationId, String target, HubMethod method,
        Arguments arguments, List<String> streamIds, @Nullable ServerStream stream) {
      this.connection = connection;
      this.invocationId = invocationId;
      this.target = target;
      this.method = method;
      this.arguments = arguments;
      this.streamIds = streamIds;
      this.stream = stream;
      this.streamResponse = stream != null;
    }

    /** Runs in the lane; returns when the lane slot may be given to the next invocation. */
    CompletionStage<?> start() {
      @Nullable Object[] bound;
      try {
        bound = arguments.bindAll(method.parameterTypes(), mapper);
      } catch (ArgumentBindingException e) {
        String detail = e.getMessage() != null && e.getMessage().startsWith("Invocation provides")
            ? e.getMessage() : ErrorMessages.BINDING_FAILED;
        log.debug("Cannot bind the arguments of '{}' from {}: {}", target, connection.connectionId(), e.getMessage());
        reject(ErrorMessages.build(ErrorMessages.failedToInvoke(target), new InvalidDataException(detail),
            options.enableDetailedErrors()));
        return done();
      }
      if (method.isStreaming() && !streamResponse) {
        reject("The client attempted to invoke the streaming '" + target + "' method with a non-streaming invocation.");
        return done();
      }
      if (!method.isStreaming() && streamResponse) {
        reject("The client attempted to invoke the non-streaming '" + target + "' method with a streaming invocation.");
        return done();
      }
      if (streamIds.size() != method.streamCount()) {
        reject(ErrorMessages.build(ErrorMessages.unexpectedError(target), new HubException("Client sent "
            + streamIds.size() + " stream(s), Hub method expects " + method.streamCount() + "."), true));
        return done();
      }
      Object[] args = javaArguments(bound);
      if (stream != null) {
        return stream(stream, args);
      }
      if (!streamIds.isEmpty()) {
        // Like ASP.NET Core, methods that read uploads do not hold the lane: they run in the background.
        executor.execute(() -> invoke(args));
        return done();
      }
      return invoke(args);
    }

    private Object[] javaArguments(@Nullable Object[] bound) {
      Object[] args = new Object[method.parameters().size()];
      for (int i = 0; i < args.length; i++) {
        HubMethod.Parameter p = method.parameters().get(i);
        if (p.cancellation()) {
          args[i] = stream != null ? stream.cancellation() : connection.closed();
        } else if (p.isStream()) {
          ClientStream s = connection.clientStreamsIfAny().get(streamIds.get(p.streamSlot()));
          if (s == null) {
            // Already ended by the client before the method ran.
            s = new ClientStream(streamIds.get(p.streamSlot()), executor, n -> {});
            s.complete(null);
          }
          args[i] = s;
        } else {
          args[i] = bound[p.argumentIndex()];
        }
      }
      return args;
    }

    private CompletionStage<?> invoke(Object[] args) {
      Span span = telemetry.startInvocation(method.name(), connection.connectionId());
      CompletableFuture<Object> outcome = new CompletableFuture<>();
      try {
        Object result;
        try (CurrentCaller.Scope caller = CurrentCaller.enter(connection)) {
          result = method.handle().invokeExact((Object) newHub(connection), args);
        }
        switch (method.returnKind()) {
          case ASYNC, ASYNC_VOID -> {
            if (result == null) {
              outcome.complete(null);
            } else {
              ((CompletionStage<?>) result).whenComplete((r, e) -> {
                if (e != null) {
                  outcome.completeExceptionally(e);
                } else {
                  outcome.complete(r);
                }
              });
            }
          }
          default -> outcome.complete(result);
        }
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
      return outcome.whenComplete((result, failure) -> {
        Throwable error = failure == null ? null : unwrap(failure);
        telemetry.end(span, method.name(), error);
        cleanUp();
        if (error != null) {
          log.debug("Hub method '{}' failed for {}", target, connection.connectionId(), error);
          fail(ErrorMessages.fromHubCode(ErrorMessages.unexpectedError(target), error, options.enableDetailedErrors(),
              options.detailedErrorTypeNames()));
        } else if (invocationId != null) {
          HubMethod.ReturnKind kind = method.returnKind();
          connection.send(kind == HubMethod.ReturnKind.VOID || kind == HubMethod.ReturnKind.ASYNC_VOID
              ? CompletionMessage.empty(invocationId)
              : CompletionMessage.withResult(invocationId, RawValue.ofJava(result)));
        }
      }).handle((r, e) -> null);
    }

    private CompletionStage<?> stream(ServerStream subscriber, Object[] args) {
      String id = subscriber.invocationId();
      if (subscriber.isCancelled()) {
        // The client cancelled before the method ran: it does not run; the client still gets its Completion.
        cleanUp();
        subscriber.endWithoutStarting(null);
        return done();
      }
      Span span = telemetry.startInvocation(method.name(), connection.connectionId());
      subscriber.onEnd((s, error) -> {
        connection.serverStreamsIfAny().remove(id, s);
        telemetry.end(span, method.name(), error);
        cleanUp();
      });
      Object publisher;
      try {
        try (CurrentCaller.Scope caller = CurrentCaller.enter(connection)) {
          publisher = method.handle().invokeExact((Object) newHub(connection), args);
        }
      } catch (Throwable e) {
        Throwable error = unwrap(e);
        telemetry.end(span, method.name(), error);
        cleanUp();
        fail(ErrorMessages.fromHubCode(ErrorMessages.unexpectedError(target), error, options.enableDetailedErrors(),
              options.detailedErrorTypeNames()));
        return done();
      }
      Flow.Publisher<?> p = publisher(publisher);
      if (p == null) {
        telemetry.end(span, method.name(), null);
        cleanUp();
        fail("The streaming method '" + method.name() + "' returned null instead of its stream.");
        return done();
      }
      if (connection.isClosing()) {
        subscriber.cancel();
      }
      @SuppressWarnings("unchecked")
      Flow.Publisher<Object> items = (Flow.Publisher<Object>) p;
      items.subscribe(subscriber);
      return done();
    }

    /** The method's stream as a publisher, or null when it returned null. */
    private Flow.@Nullable Publisher<?> publisher(@Nullable Object result) {
      if (result == null) {
        return null;
      }
      HubMethod.StreamSource source = method.streamSource();
      if (source == HubMethod.StreamSource.STREAM) {
        java.util.stream.Stream<?> s = (java.util.stream.Stream<?>) result;
        return new IteratorPublisher(s.iterator(), s, executor);
      } else if (source == HubMethod.StreamSource.ITERABLE) {
        return new IteratorPublisher(((Iterable<?>) result).iterator(), null, executor);
      } else if (source == HubMethod.StreamSource.ITERATOR) {
        return new IteratorPublisher((java.util.Iterator<?>) result, null, executor);
      }
      return (Flow.Publisher<?>) result;
    }

    private void cleanUp() {
      if (stream != null && invocationId != null) {
        connection.serverStreamsIfAny().remove(invocationId, stream);
      }
      for (String id : streamIds) {
        ClientStream s = connection.clientStreamsIfAny().remove(id);
        if (s != null) {
          connection.addPending(-s.waiting());
          s.complete(null);
        }
      }
    }

    /** Fails the invocation before its method ran. */
    private void reject(String error) {
      cleanUp();
      fail(error);
    }

    private void fail(String error) {
      error(connection, invocationId, error);
    }
  }

  private static CompletionStage<?> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    Throwable cause;
    while (t instanceof CompletionException && (cause = t.getCause()) != null) {
      t = cause;
    }
    return t;
  }
}
