package dev.hubbub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One logical SignalR connection, whatever the transport. {@link #write}, {@link #close},
 * {@link #abort} and the accessors are safe from any thread; everything else that happens to the
 * connection happens on {@link #eventLoop()}.
 */
public interface TransportConnection {

  /** The id other parties see ({@code Context.ConnectionId}). */
  String connectionId();

  /** The secret the client puts in {@code ?id=} (equal to the id for negotiate version 0). */
  String connectionToken();

  /** The transport the client chose. */
  TransportType transport();

  /** The application the connection belongs to. */
  TransportApplication application();

  /** The user the {@link Authenticator} established on the request that started the transport. */
  TransportUser user();

  /**
   * The request that started the transport (WebSocket upgrade, SSE GET or first poll): method, URI, query
   * and peer address. Its headers are there during {@link ConnectionHandler#onConnected} (and
   * {@link ConnectionHandler#onReconnected}, for the new request); after that callback returns the connection
   * keeps the request {@link TransportRequest#withoutHeaders() without them}, so copy in the callback what
   * you need later.
   */
  TransportRequest request();

  /** The negotiate version (0 for WebSockets without negotiate). */
  int negotiateVersion();

  /** Whether negotiate agreed on stateful reconnect (always false unless the server allows it). */
  boolean statefulReconnect();

  /** Attributes for the application's own per-connection state; thread-safe. */
  Map<String, Object> attributes();

  /**
   * The one object the connection's {@link ConnectionHandler} keeps for it (its session, say), or null: a single
   * field, lighter than {@link #attributes()} for what every connection has. Safe to read from any thread.
   */
  @Nullable Object attachment();

  /** Sets {@link #attachment()}. */
  void attach(@Nullable Object state);

  /** The event loop that runs this connection's callbacks. */
  EventLoop eventLoop();

  /** The framing of payloads written from now on. Default {@link TransferFormat#TEXT}. */
  TransferFormat transferFormat();

  /**
   * Sets the framing of payloads written from now on (WebSocket text or binary frames).
   *
   * @throws IllegalArgumentException for {@link TransferFormat#BINARY} on Server-Sent Events
   */
  void setTransferFormat(TransferFormat format);

  /**
   * Queues a whole payload (one or more complete hub messages) for the client. Never splits it;
   * may send it in one WebSocket frame together with neighbouring payloads of the same format.
   * The loop's next flush pass writes what is queued, so many writes share one socket write.
   *
   * <p>Does <b>not</b> take ownership: the transport {@link ByteBuf#retain() retains} the buffer and notes
   * where its readable bytes lie (it never moves the buffer's indexes), so one encoded buffer can be written to
   * thousands of connections and released once by the caller. The bytes must not change afterwards.
   *
   * @return true if queued; false if the connection is closed, or the outbound queue would exceed
   *     {@link TransportOptions#maxOutboundQueueBytes()} (the connection is then aborted with a
   *     {@link SlowConsumerException}). A payload is always accepted when nothing is queued.
   */
  boolean write(ByteBuf payload);

  /** Bytes accepted by {@link #write} and not yet written to the socket (or taken by a poll). */
  long queuedBytes();

  /**
   * Completes once {@link #queuedBytes()} is at most {@code bytes}: at once if it already is, else on this
   * connection's event loop as the socket drains; also when the connection closes, so that nobody waits
   * for a connection that is gone. The way to apply backpressure to whoever feeds this connection.
   */
  CompletionStage<Void> whenQueuedAtMost(long bytes);

  /**
   * Overrides {@link TransportOptions#maxOutboundQueueBytes()} for this connection: how many bytes may be
   * queued before {@link #write} refuses a payload and aborts the connection as a slow consumer.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  void setMaxOutboundQueueBytes(long bytes);

  /**
   * Stops taking the client's messages until {@link #resumeReading()}, so that a sender faster than its
   * destination is slowed down instead of being buffered: over WebSockets the socket is no longer read (TCP
   * flow control reaches the client); over Server-Sent Events and long polling the answer to the client's
   * send (POST) is held, and the official clients send one POST at a time. Messages already read when the
   * pause takes effect are kept and delivered, in order, on {@link #resumeReading()}. Idempotent; safe from any
   * thread.
   */
  void pauseReading();

  /** Undoes {@link #pauseReading()}. Idempotent; safe from any thread. */
  void resumeReading();

  /**
   * Ends the connection gracefully: what is queued is sent, then WebSocket close 1000 with
   * {@code reason}, the end of the SSE stream, or 204 to the long poll. Idempotent.
   */
  void close(@Nullable String reason);

  /** Ends the connection with an error: WebSocket close 1011, SSE reset, long poll 500. Idempotent. */
  void abort(Throwable error);

  /** Whether the connection has ended (or is ending). */
  boolean isClosed();
}
