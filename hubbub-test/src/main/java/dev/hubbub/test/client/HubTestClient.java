package dev.hubbub.test.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.CancelInvocationMessage;
import dev.hubbub.protocol.hub.CompletionMessage;
import dev.hubbub.protocol.hub.HubProtocol;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.protocol.hub.HubProtocols;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.protocol.hub.RawValue;
import dev.hubbub.protocol.hub.StreamInvocationMessage;
import dev.hubbub.protocol.hub.StreamItemMessage;
import dev.hubbub.test.client.internal.Failures;
import dev.hubbub.test.client.internal.Urls;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A SignalR client for tests, written for Hubbub from the protocol (not a port of Microsoft's clients): negotiate
 * (following redirects to a SignalR service, with their access tokens), WebSockets, Server-Sent Events or long
 * polling, JSON or MessagePack, invocations with typed results, sends, streams both ways, client results,
 * automatic reconnect and stateful reconnect.
 *
 * <pre>{@code
 * try (HubTestClient client = HubTestClient.connect("http://localhost:5000/chat",
 *     o -> o.transport(TransportType.LONG_POLLING).protocol(Protocol.MESSAGEPACK))) {
 *   client.send("Broadcast", "alice", "hi");
 *   ReceivedMessage m = client.on("newMessage").awaitNext();
 *   assertThat(m.arguments()).containsExactly("alice", "hi");
 *   assertThat(client.invoke(Integer.class, "Add", 2, 3)).isEqualTo(5);
 * }
 * }</pre>
 *
 * <p>Every invocation the server sends is recorded per target from the moment the client connects; {@link #on}
 * hands out the recorder. Blocking calls wait at most {@link HubTestClientOptions#timeout()} unless given a
 * duration. Thread-safe. {@link #close()} it in {@code @AfterEach}. {@link #toString()} shows no access token.
 */
public final class HubTestClient implements AutoCloseable {
  private final URI url;
  private final HubTestClientOptions options;
  private final Dispatcher dispatcher;
  private final ClientLifecycle lifecycle;
  private final AtomicLong ids = new AtomicLong();

  private HubTestClient(URI url, HubTestClientOptions options) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("The hub URL must be http or https (as with the official clients, "
          + "WebSockets are reached through it): " + Urls.redact(url));
    }
    this.url = url;
    this.options = options;
    HubProtocolOptions protocolOptions = HubProtocolOptions.builder()
        .maxMessageSize(options.maxMessageSize())
        .mapper(options.objectMapper())
        .build();
    HubProtocol protocol = HubProtocols.byName(options.protocol().wireName(), protocolOptions).orElseThrow();
    this.dispatcher = new Dispatcher(options);
    this.lifecycle = new ClientLifecycle(url, options, protocol, dispatcher);
  }

  /** A client of {@code url} with default options, not started. */
  public static HubTestClient create(String url) {
    return create(URI.create(url), HubTestClientOptions.DEFAULTS);
  }

  /** A client of {@code url}, not started: register {@link #onInvocation} handlers, then {@link #start()}. */
  public static HubTestClient create(URI url, HubTestClientOptions options) {
    return new HubTestClient(Objects.requireNonNull(url, "url"), Objects.requireNonNull(options, "options"));
  }

  /** A client of {@code url} with options changed from the defaults, not started. */
  public static HubTestClient create(String url, Consumer<HubTestClientOptions.Builder> options) {
    HubTestClientOptions.Builder b = HubTestClientOptions.builder();
    options.accept(b);
    return create(URI.create(url), b.build());
  }

  /** A started client of {@code url} with default options. */
  public static HubTestClient connect(String url) {
    return create(url).start();
  }

  /** A started client of {@code url} with options changed from the defaults. */
  public static HubTestClient connect(String url, Consumer<HubTestClientOptions.Builder> options) {
    return create(url, options).start();
  }

  /** A started client of {@code url}. */
  public static HubTestClient connect(URI url, HubTestClientOptions options) {
    return create(url, options).start();
  }

  /**
   * Connects: negotiates (following redirects), opens the first transport the server offers that the options
   * allow (on failure, negotiates again and tries the next), and completes the handshake. Blocks.
   *
   * @return this client
   * @throws NegotiateException when negotiation fails
   * @throws TransportException when no transport opens
   * @throws HandshakeException when the handshake fails
   * @throws IllegalStateException when the client is not disconnected
   */
  public HubTestClient start() {
    lifecycle.start();
    return this;
  }

  /**
   * Closes the connection gracefully (a Close message, then the transport's close) and waits for it, at most
   * {@link HubTestClientOptions#closeTimeout()} (then the transport is dropped); stops
   * reconnecting. Pending invocations fail with {@link ConnectionClosedException}. Does nothing when disconnected.
   * The client can be started again.
   */
  public void stop() {
    lifecycle.stop(options.closeTimeout());
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** The hub URL the client was created with. */
  public URI url() {
    return url;
  }

  /** The options. */
  public HubTestClientOptions options() {
    return options;
  }

  /** Where the client is. */
  public ConnectionState state() {
    return lifecycle.state();
  }

  /**
   * The current connection's id, as the server and other clients see it (new after each automatic reconnect).
   *
   * @throws IllegalStateException when there is no connection, or it was not negotiated ({@code skipNegotiation})
   */
  public String connectionId() {
    Link l = lifecycle.link();
    if (l == null) {
      throw new IllegalStateException("The client has no connection (it is " + state() + ").");
    }
    String id = l.connectionId;
    if (id == null) {
      throw new IllegalStateException("The connection has no id: it was opened without negotiation.");
    }
    return id;
  }

  /** The current connection's transport, or null when not connected. */
  public @Nullable TransportType transport() {
    Link l = lifecycle.link();
    return l == null ? null : l.transportType;
  }

  /** Whether the current connection uses stateful reconnect (asked for, agreed by the server, on WebSockets). */
  public boolean isStatefulReconnectActive() {
    Link l = lifecycle.link();
    return l != null && l.isStateful();
  }

  // ---- invocations

  /**
   * Invokes a hub method and waits for its result, bound to {@code resultType} ({@code Void.class} or
   * {@code Object.class} for methods that return nothing).
   *
   * @throws HubInvocationException when the server completed it with an error
   * @throws ConnectionClosedException when not connected or the connection was lost first
   * @throws HubTimeoutException when no completion came within the default timeout
   */
  public <T> @Nullable T invoke(Class<T> resultType, String target, @Nullable Object... args) {
    return await(invokeAsync(resultType, target, args), target);
  }

  /** {@link #invoke(Class, String, Object...)} for a generic result type. */
  public <T> @Nullable T invoke(TypeReference<T> resultType, String target, @Nullable Object... args) {
    return await(this.<T>invokeAsync(resultType.getType(), target, args), target);
  }

  /**
   * Invokes a hub method; the future completes with the bound result (on a pool thread), or fails as
   * {@link #invoke} would throw. {@link Flow.Publisher} arguments (such as {@link UploadStream}) are uploaded as
   * streams.
   */
  public <T> CompletableFuture<@Nullable T> invokeAsync(Class<T> resultType, String target,
      @Nullable Object... args) {
    return invokeAsync((Type) resultType, target, args);
  }

  private <T> CompletableFuture<@Nullable T> invokeAsync(Type resultType, String target, @Nullable Object[] args) {
    Objects.requireNonNull(target, "target");
    Link link = lifecycle.connectedLink();
    String id = nextId();
    Streams streams = streams(args);
    CompletableFuture<@Nullable Object> result = dispatcher.expect(id, target, resultType);
    link.write(new InvocationMessage(Map.of(), id, target, streams.arguments, streams.ids))
        .whenComplete((v, e) -> {
          if (e != null) {
            dispatcher.fail(id, Failures.unwrap(e));
          }
        });
    streams.start(link);
    @SuppressWarnings("unchecked")
    CompletableFuture<@Nullable T> typed = (CompletableFuture<@Nullable T>) (CompletableFuture<?>) result;
    return typed;
  }

  private <T> @Nullable T await(CompletableFuture<@Nullable T> future, String target) {
    try {
      return future.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Failures.unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new HubClientException("Invocation of '" + target + "' failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new HubTimeoutException("No completion of '" + target + "' within " + options.timeout().toMillis()
          + " ms (timeout).");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubClientException("Interrupted while waiting for '" + target + "'", e);
    }
  }

  /**
   * Sends an invocation that expects no answer (the official clients' {@code send}). The future completes when
   * the transport took it.
   */
  public CompletableFuture<Void> send(String target, @Nullable Object... args) {
    Objects.requireNonNull(target, "target");
    Link link = lifecycle.connectedLink();
    Streams streams = streams(args);
    CompletableFuture<Void> written = link.write(new InvocationMessage(Map.of(), null, target, streams.arguments,
        streams.ids));
    streams.start(link);
    return written;
  }

  /**
   * Starts a server-to-client stream ({@code StreamInvocation}); items are bound to {@code itemType}.
   *
   * @throws ConnectionClosedException when not connected
   */
  public <T> ServerStream<T> stream(Class<T> itemType, String target, @Nullable Object... args) {
    Objects.requireNonNull(target, "target");
    Link link = lifecycle.connectedLink();
    String id = nextId();
    Streams streams = streams(args);
    ServerStream<T> stream = new ServerStream<>(target, id, itemType, options.objectMapper(),
        options.maxRecordedMessages(), options.timeout(), () -> {
          dispatcher.forget(id);
          link.writeQuietly(new CancelInvocationMessage(id));
        });
    dispatcher.expect(stream);
    link.write(new StreamInvocationMessage(Map.of(), id, target, streams.arguments, streams.ids))
        .whenComplete((v, e) -> {
          if (e != null) {
            dispatcher.fail(id, Failures.unwrap(e));
          }
        });
    streams.start(link);
    return stream;
  }

  private String nextId() {
    return Long.toString(ids.getAndIncrement());
  }

  /** The arguments with upload streams taken out and given ids, as the protocol wants them. */
  private Streams streams(@Nullable Object[] args) {
    List<@Nullable Object> values = new ArrayList<>(args.length);
    List<String> ids = new ArrayList<>();
    List<Flow.Publisher<?>> publishers = new ArrayList<>();
    for (Object arg : args) {
      if (arg instanceof Flow.Publisher<?> p) {
        ids.add(nextId());
        publishers.add(p);
      } else {
        values.add(arg);
      }
    }
    return new Streams(Arguments.of(values.toArray()), ids, publishers);
  }

  private record Streams(Arguments arguments, List<String> ids, List<Flow.Publisher<?>> publishers) {
    void start(Link link) {
      for (int i = 0; i < publishers.size(); i++) {
        publishers.get(i).subscribe(new Uploader(link, ids.get(i)));
      }
    }
  }

  /** Forwards one upload stream's items, then its end, as StreamItem and Completion messages. */
  private static final class Uploader implements Flow.Subscriber<Object> {
    private final Link link;
    private final String streamId;
    private volatile Flow.@Nullable Subscription subscription;

    Uploader(Link link, String streamId) {
      this.link = link;
      this.streamId = streamId;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object item) {
      link.write(new StreamItemMessage(streamId, RawValue.ofJava(item))).whenComplete((v, e) -> {
        Flow.Subscription s = subscription;
        if (e != null && s != null) {
          s.cancel();
        }
      });
    }

    @Override
    public void onError(Throwable error) {
      link.writeQuietly(CompletionMessage.withError(streamId,
          error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName()));
    }

    @Override
    public void onComplete() {
      link.writeQuietly(CompletionMessage.empty(streamId));
    }
  }

  // ---- receiving

  /**
   * The recorder of the server's invocations of {@code target} (matched ignoring case). Every invocation is
   * recorded from the moment the client connects, so calling this after the message arrived loses nothing.
   */
  public MessageRecorder on(String target) {
    return dispatcher.recorder(Objects.requireNonNull(target, "target"));
  }

  /**
   * Every invocation the server sent, all targets together, in arrival order (a recorder whose target is
   * {@code *}): for asserting the order across targets. Its queue is separate from the per-target ones.
   */
  public MessageRecorder received() {
    return dispatcher.all();
  }

  /**
   * Answers the server's invocations of {@code target} that expect a result (client results). Without a handler
   * the client answers {@code Client didn't provide a result.}, as the official clients do. Register it before
   * {@link #start()} when the server may ask at once.
   *
   * @return this client
   */
  public HubTestClient onInvocation(String target, ClientResultHandler handler) {
    dispatcher.handler(Objects.requireNonNull(target, "target"), Objects.requireNonNull(handler, "handler"));
    return this;
  }

  // ---- connection events

  /** Every connection event so far, in order. */
  public List<ConnectionEvent> events() {
    return lifecycle.events();
  }

  /** The next event of {@code kind} not returned by this method before, waiting up to the default timeout. */
  public ConnectionEvent awaitEvent(ConnectionEvent.Kind kind) {
    return awaitEvent(kind, options.timeout());
  }

  /**
   * The next event of {@code kind} not returned by this method before: the first call returns the first such
   * event, the second call the second, and so on.
   *
   * @throws AssertionError when it does not happen in time
   */
  public ConnectionEvent awaitEvent(ConnectionEvent.Kind kind, Duration timeout) {
    return lifecycle.awaitEvent(kind, timeout);
  }

  /** Waits until the client is in {@code state}, up to the default timeout. */
  public void awaitState(ConnectionState state) {
    awaitState(state, options.timeout());
  }

  /**
   * Waits until the client is in {@code state}.
   *
   * @throws AssertionError when it is not in time
   */
  public void awaitState(ConnectionState state, Duration timeout) {
    lifecycle.awaitState(state, timeout);
  }

  /**
   * Drops the current transport without a close handshake, as a network failure would. Then, as configured:
   * stateful reconnect resumes the same connection, automatic reconnect starts a new one, or the client closes.
   *
   * @throws IllegalStateException when there is no connection
   */
  public void abortTransport() {
    lifecycle.abortTransport();
  }

  /** The URL (without secrets), protocol, state, transport and connection id. */
  @Override
  public String toString() {
    Link l = lifecycle.link();
    return "HubTestClient[" + Urls.redact(url) + ", " + options.protocol().wireName() + ", " + state()
        + (l == null ? "" : ", " + l.transportType.wireName() + ", connectionId=" + l.connectionId) + "]";
  }
}
