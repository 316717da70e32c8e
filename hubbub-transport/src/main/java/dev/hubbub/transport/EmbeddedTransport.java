package dev.hubbub.transport;

import dev.hubbub.transport.internal.HttpDispatcher;
import dev.hubbub.transport.internal.ServerContext;
import dev.hubbub.transport.internal.TransportChannelInitializer;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport mounted into an application's own Netty server instead of listening itself: the same routes,
 * negotiate, transports, limits and fallback as a {@link TransportServer}, on the application's sockets and event
 * loops. Made by {@link TransportServer.Builder#embed}.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>whole sockets: {@link #channelInitializer()} as a {@code ServerBootstrap}'s child handler (or added last
 *       after the application's own handlers, such as TLS) makes the socket Hubbub's: its HTTP codec, its idle and
 *       request timeouts;</li>
 *   <li>requests of an HTTP pipeline the application runs: add {@link #newHttpHandler()} last, after the
 *       application's {@code HttpServerCodec} and router, and have the router pass on ({@code fireChannelRead})
 *       the requests for which {@link #serves(String)} is true, with their content, and every message after a
 *       WebSocket upgrade. The application's codec and timeouts stay in charge of the socket.</li>
 * </ul>
 *
 * <p>{@link #close()} ends the transport's connections gracefully and stops its sweeps; the application's event
 * loops and sockets stay its own.
 */
public final class EmbeddedTransport implements AutoCloseable {
  private final ServerContext context;
  private final TransportChannelInitializer initializer;
  private final AtomicBoolean closed = new AtomicBoolean();

  EmbeddedTransport(ServerContext context) {
    this.context = context;
    this.initializer = new TransportChannelInitializer(context);
  }

  /** Sets up a whole socket for the transport (shareable: one instance serves every socket). */
  public ChannelHandler channelInitializer() {
    return initializer;
  }

  /**
   * A handler to add last to one socket's pipeline, behind the application's HTTP server codec (a new one per
   * socket). It takes {@code HttpRequest}/{@code HttpContent} messages (or {@code FullHttpRequest}s from an
   * aggregator) and answers through the pipeline.
   */
  public ChannelHandler newHttpHandler() {
    return new HttpDispatcher(context, false);
  }

  /**
   * Whether a request for {@code path} (decoded, without the query) is the transport's: one of its routes'
   * negotiate or transport paths, matched as the transport matches them. The fallback's paths are not included.
   */
  public boolean serves(String path) {
    return context.serves(path);
  }

  /** Connections now open (negotiated but not yet connected ones included). */
  public int connectionCount() {
    return context.registry().size();
  }

  /**
   * Connections with more than {@link TransportOptions#backlogBytes()} queued towards their clients now: those a
   * sender outruns. Each connection reports when its queue crosses the mark, as a Netty channel reports a change
   * of writability, so this is one read however many connections there are. A count read while a connection
   * crosses the mark may lag that connection's crossing for a moment.
   */
  public int backloggedConnections() {
    return context.backloggedConnections();
  }

  /**
   * Completes once no connection has more than {@link TransportOptions#backlogBytes()} queued: at once if none has
   * now. For a sender that should not outrun its slowest clients: wait on it (with a timeout of your own) before
   * the next broadcast. It completes on a transport thread, so run blocking work with the {@code *Async} forms.
   * Nothing closes a backlogged connection but {@link TransportOptions#maxOutboundQueueBytes()}: a client that
   * stops reading keeps the count up until it reads, disconnects or is aborted at that limit.
   */
  public CompletionStage<Void> whenNoneBacklogged() {
    return context.whenNoneBacklogged();
  }

  /** The options the transport runs with. */
  public TransportOptions options() {
    return context.options();
  }

  /**
   * Ends every connection gracefully (their handlers get {@code onClosed}) and stops the transport's sweeps,
   * waiting up to a few seconds; the application's event loops keep running. Do not call from an event loop.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    context.shutDown();
  }
}
