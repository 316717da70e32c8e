package dev.hubbub.server.internal;

import dev.hubbub.core.CloseReasons;
import dev.hubbub.core.HubSessionHandler;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.core.SessionChannel;
import dev.hubbub.core.TransportChannel;
import dev.hubbub.core.TransportSessionHandler;
import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportUser;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * A self-hosted hub endpoint on the transport SPI: each transport connection becomes a {@link HubConnection}
 * that the hub layer drives, with the hub's {@link HubDispatcher} as its endpoint. Runs on the connections'
 * event loops and never blocks.
 */
public final class SelfHostedHandler extends TransportSessionHandler<HubConnection> {
  private final HubDispatcher dispatcher;
  private final String path;
  private final Predicate<? super String> keepHeaders;
  private volatile boolean stopping;

  /**
   * @param keepHeaders the request headers a connection keeps for {@link HubConnection#httpRequest()}
   */
  public SelfHostedHandler(String path, HubDispatcher dispatcher, HubSessionOptions options,
      Predicate<? super String> keepHeaders) {
    super(HubConnection.class, new HubSessionHandler<>(options, dispatcher,
        LoggerFactory.getLogger("dev.hubbub.server.connections")));
    this.path = path;
    this.dispatcher = dispatcher;
    this.keepHeaders = keepHeaders;
  }

  /** Tells every client the server is going away and that it may reconnect, then closes them. */
  public void stop() {
    stopping = true;
    for (HubConnection c : dispatcher.connections()) {
      c.close(null, true);
    }
  }

  /**
   * A session for a connection that arrived over another HTTP stack than the transport (see
   * {@code HubBridge}): the same hub connection as {@link #newSession}, on {@code channel}, keeping the headers of
   * {@code request} that {@code keepHeaders} accepts.
   */
  public HubConnection open(SessionChannel channel, String connectionId, TransportUser user,
      HubHttpRequest request) {
    HubConnection session = new HubConnection(channel, connectionId, user.id(), user.claims(), path,
        HttpRequests.retain(request, keepHeaders));
    if (stopping) {
      session.end(CloseReasons.SHUTTING_DOWN);
    }
    return session;
  }

  /** The hub layer that drives this handler's sessions. */
  public HubSessionHandler<HubConnection> sessions() {
    return sessions;
  }

  @Override
  protected HubConnection newSession(TransportConnection connection) {
    HubConnection session = new HubConnection(new TransportChannel(connection), connection.connectionId(),
        connection.user().id(), connection.user().claims(), path,
        HttpRequests.fromTransport(connection, keepHeaders));
    if (stopping) {
      session.end(CloseReasons.SHUTTING_DOWN);
    }
    return session;
  }
}
