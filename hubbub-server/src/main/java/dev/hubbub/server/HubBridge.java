package dev.hubbub.server;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.server.internal.HubAuthorization;
import dev.hubbub.server.internal.HubConnection;
import dev.hubbub.server.internal.SelfHostedHandler;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportUser;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The hub layer of one hub for connections that arrive over another HTTP stack than the hub server's transport (a
 * servlet container's, in the Spring Boot starter). The host answers negotiate and carries the transports; each
 * connection's bytes go to a {@link Session}, and the session writes to the host's {@link SessionChannel}. The
 * handshake, the message size limit, keep-alive pings, the handshake and client timeouts, hub dispatch and the
 * connection's removal from its hub are the hub server's, exactly as for its own transport. Obtained with
 * {@link HubServer#bridge(String)}.
 */
public final class HubBridge {
  private final String path;
  private final SelfHostedHandler handler;
  private final HubAuthorization authorization;
  private final Class<? extends Hub> hubClass;
  private final TransportOptions transportOptions;

  HubBridge(String path, SelfHostedHandler handler, HubAuthorization authorization, Class<? extends Hub> hubClass,
      TransportOptions transportOptions) {
    this.path = path;
    this.handler = handler;
    this.authorization = authorization;
    this.hubClass = hubClass;
    this.transportOptions = transportOptions;
  }

  /** One client connection of the hub, as the host carries it. */
  public interface Session {
    /**
     * Bytes from the client exactly as they arrived (one WebSocket message or one POST body); read within the
     * call.
     */
    void onData(ByteBuffer data);

    /** About once a second while the connection lives: keep-alive pings and the handshake and client timeouts. */
    void onHeartbeat();

    /** The connection ended ({@code error} null for a normal end); only the first call counts. */
    void onClosed(@Nullable Throwable error);
  }

  /** The hub's path. */
  public String path() {
    return path;
  }

  /**
   * The transport limits the hub server's own transport applies (outbound queue bound, largest inbound message,
   * long-poll and disconnect timeouts), for the host to apply the same.
   */
  public TransportOptions transportOptions() {
    return transportOptions;
  }

  /**
   * {@code inner} with the hub class's {@link Authorize} requirement on top: 401 for anonymous callers, 403 for
   * authenticated ones who do not meet it (what the hub server's own routes answer).
   */
  public Authenticator guard(Authenticator inner) {
    return authorization.guard(inner, hubClass);
  }

  /**
   * A session for a connection whose transport just started. Call its methods one at a time per connection (on
   * the connection's own thread) and never block in them; {@code channel} is written from any thread.
   *
   * @param request the request that started the transport, as hub code reads it
   */
  public Session open(SessionChannel channel, String connectionId, TransportUser user, HubHttpRequest request) {
    HubConnection connection = handler.open(channel, connectionId, user, request);
    return new Session() {
      @Override
      public void onData(ByteBuffer data) {
        handler.sessions().onData(connection, data);
      }

      @Override
      public void onHeartbeat() {
        handler.sessions().onHeartbeat(connection, System.nanoTime());
      }

      @Override
      public void onClosed(@Nullable Throwable error) {
        handler.sessions().onClosed(connection, error);
      }
    };
  }
}
