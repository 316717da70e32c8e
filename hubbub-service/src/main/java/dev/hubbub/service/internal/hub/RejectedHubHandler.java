package dev.hubbub.service.internal.hub;

import dev.hubbub.protocol.hub.HandshakeResponse;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application of client requests whose {@code hub} query parameter is missing or breaks the naming rule.
 * Negotiate answers them with {@code {"error":"..."}} (see {@link #reason}); a WebSocket that skips negotiate
 * gets the same text as a handshake error and is closed.
 */
public final class RejectedHubHandler implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.connections");

  /** Why a request with this {@code hub} value (null when missing) cannot connect. */
  public static String reason(@Nullable String hub) {
    return hub == null || hub.isEmpty()
        ? "The 'hub' query parameter is required: connect to /client/?hub=<name>."
        : "Invalid hub name '" + hub + "'. Valid hub name should be in between 1 and 128 characters long. The first"
            + " character must be a letter, other characters can be letters, digits or the following symbols _`,.[]";
  }

  @Override
  public void onConnected(TransportConnection connection) {
    var values = connection.request().query().get("hub");
    String reason = reason(values == null || values.isEmpty() ? null : values.get(0));
    log.warn("Refused client {}: {}", connection.connectionId(), reason);
    connection.write(Unpooled.wrappedBuffer(HandshakeResponse.error(reason).toBytes()));
    connection.close(reason);
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
  }
}
