package dev.hubbub.service.internal.hub;

import dev.hubbub.service.LiveTraceEvent;
import dev.hubbub.core.HubSession;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A client connection of the service: the hub layer's session plus what the service keeps for it (its hub,
 * the request that opened it, the app server it is routed to in Default mode, its upstream calls).
 */
public final class ClientSession extends HubSession {
  private final TransportConnection transport;
  private final String hubName;
  private final ServiceTelemetry telemetry;
  private final Attributes hubAttributes;
  private final long maxOutboundQueueBytes;

  // Event loop only. The transport request with its headers, until the hub handshake is over (an app server
  // is sent them).
  private @Nullable TransportRequest openRequest;
  // Set once at the handshake when an app server runs this client (Default/Classic mode); null when serverless.
  private volatile @Nullable ClientRoute route;

  // Guarded by this. Upstream calls of this connection run one after another, in the order the client sent them.
  private CompletableFuture<?> upstreamChain = NOTHING_PENDING;
  /** Where every chain starts; only ever read (chained from), so one serves all connections. */
  private static final CompletableFuture<?> NOTHING_PENDING = CompletableFuture.completedFuture(null);

  ClientSession(TransportConnection transport, String hubName, @Nullable String userId,
      Map<String, List<String>> claims, ServiceTelemetry telemetry, long maxOutboundQueueBytes) {
    super(new ClientChannel(transport), transport.connectionId(), userId, claims);
    this.maxOutboundQueueBytes = maxOutboundQueueBytes;
    this.telemetry = telemetry;
    this.hubAttributes = ServiceTelemetry.hubAttributes(transport.application().key());
    this.transport = transport;
    this.hubName = hubName;
    this.openRequest = transport.request();
    // Serverless, nothing ever waits in the channel: a broadcast writes to the connection straight (see route()).
    writeFanoutStraightTo(transport);
  }

  /**
   * The request that opened the connection, headers included, while the hub handshake runs; after it only
   * {@link TransportConnection#request()} (no headers) remains. Event loop only.
   */
  public TransportRequest openRequest() {
    TransportRequest r = openRequest;
    return r != null ? r : transport.request();
  }

  /** The hub handshake is over: let the headers go. Event loop only. */
  void forgetOpenRequest() {
    openRequest = null;
  }

  /** The hub name as the client's URL spelled it. */
  public String hubName() {
    return hubName;
  }

  /** The transport connection. */
  public TransportConnection transport() {
    return transport;
  }

  /** The app server connection this client is routed to, or null when it is served here (serverless). */
  public @Nullable ClientRoute route() {
    return route;
  }

  /** An app server runs this client: until it answers the handshake, the hub's sends to the client wait. */
  void route(ClientRoute route) {
    writeFanoutStraightTo(null); // every send goes through the channel, which holds it until the answer
    clientChannel().awaitServerAnswer(maxOutboundQueueBytes);
    this.route = route;
  }

  private ClientChannel clientChannel() {
    return (ClientChannel) channel();
  }

  /** Whether the client is routed and its app server has not yet answered the handshake. */
  public boolean awaitingServerAnswer() {
    return clientChannel().awaitingServerAnswer();
  }

  /**
   * Writes bytes the client's app server sent it, ahead of the hub's sends that wait for the server's answer.
   * The caller keeps ownership of {@code framed}.
   */
  public boolean sendFromServer(ByteBuf framed) {
    int bytes = framed.readableBytes();
    boolean written = clientChannel().writeFromServer(framed);
    if (written) {
      sent(bytes);
    }
    return written;
  }

  /**
   * Writes the end of the app server's answer to the handshake ({@code answer}, up to and with its {@code 0x1E};
   * the caller keeps ownership) and right behind it the hub's sends that waited for it, switching to binary frames
   * in between when {@code binaryAfter}; a close racing it cannot drop a message sent after the answer.
   */
  public boolean sendAnswerFromServer(ByteBuf answer, boolean binaryAfter) {
    int bytes = answer.readableBytes();
    boolean written = clientChannel().writeAnswer(answer, binaryAfter);
    if (written) {
      sent(bytes);
      // The wait is over (the channel writes through from now on): fan-outs may skip it again.
      writeFanoutStraightTo(transport);
    }
    return written;
  }

  /** Runs {@code call} after every upstream call started before it, whatever their outcome. */
  public void chainUpstream(Supplier<CompletableFuture<?>> call) {
    synchronized (this) {
      upstreamChain = upstreamChain.handle((r, e) -> null).thenCompose(ignored -> call.get());
    }
  }

  /** Counts what arrived from the client. */
  void countReceived(long messages, long bytes) {
    telemetry.received(hubAttributes, messages, bytes);
    if (messages > 0 && telemetry.tracing()) {
      telemetry.trace(LiveTraceEvent.Kind.MESSAGE_IN, transport().application().key(), "connectionId", connectionId(),
          "messages", Long.toString(messages), "bytes", Long.toString(bytes), "user", userId());
    }
  }

  @Override
  protected void sent(int bytes) {
    telemetry.sent(hubAttributes, bytes);
    if (telemetry.tracing()) {
      telemetry.trace(LiveTraceEvent.Kind.MESSAGE_OUT, transport().application().key(), "connectionId", connectionId(),
          "bytes", Integer.toString(bytes), "user", userId());
    }
  }

  @Override
  public String describe() {
    return "client " + connectionId() + " of hub '" + hubName + "'";
  }
}
