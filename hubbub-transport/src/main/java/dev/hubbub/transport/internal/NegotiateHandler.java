package dev.hubbub.transport.internal;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.negotiate.AvailableTransport;
import dev.hubbub.protocol.negotiate.NegotiateRequest;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.transport.LimitMessages;
import dev.hubbub.transport.NegotiateContext;
import dev.hubbub.transport.NegotiateHook;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import java.util.ArrayList;
import java.util.List;

/** {@code POST {base}/negotiate}: creates a connection and answers with its id and token. */
final class NegotiateHandler {

  private NegotiateHandler() {
  }

  static void handle(ServerContext server, HttpExchange exchange, TransportRequest request,
      TransportRoute route, TransportApplication app, TransportUser user) {
    NegotiateRequest negotiate;
    try {
      negotiate = NegotiateRequest.fromQuery(request.query());
    } catch (ProtocolException e) {
      exchange.json(200, NegotiateResponse.error(e.getMessage()).toJsonBytes());
      return;
    }
    if (!server.admitNegotiation(request, exchange)) {
      return;
    }
    NegotiateHook hook = route.negotiateHook();
    if (hook != null) {
      NegotiateResponse custom = hook.negotiate(new NegotiateContext(request, app, user, negotiate));
      if (custom != null) {
        exchange.json(200, custom.toJsonBytes());
        return;
      }
    }
    if (!server.registry().tryReserve()) {
      exchange.text(503, LimitMessages.connectionLimitReached(server.options().maxConnections()));
      return;
    }
    TransportOptions options = server.options();
    String id = ConnectionIds.next();
    String token = negotiate.negotiateVersion() > 0 ? ConnectionIds.next() : id;
    boolean stateful = options.allowStatefulReconnects() && negotiate.useStatefulReconnect();
    ConnectionImpl connection = new ConnectionImpl(server, id, token, negotiate.negotiateVersion(),
        stateful, app, user);
    server.registry().add(connection);
    exchange.json(200, NegotiateResponse.connection(negotiate.negotiateVersion(), id, token, stateful,
        availableTransports(options, route)).toJsonBytes());
  }

  static List<AvailableTransport> availableTransports(TransportOptions options, TransportRoute route) {
    List<AvailableTransport> list = new ArrayList<>(3);
    if (route.offers(TransportType.WEB_SOCKETS, options)) {
      list.add(AvailableTransport.WEB_SOCKETS);
    }
    if (route.offers(TransportType.SERVER_SENT_EVENTS, options)) {
      list.add(AvailableTransport.SERVER_SENT_EVENTS);
    }
    if (route.offers(TransportType.LONG_POLLING, options)) {
      list.add(AvailableTransport.LONG_POLLING);
    }
    return list;
  }
}
