package dev.hubbub.server.e2e;

import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.TransferFormat;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportType;
import java.nio.charset.StandardCharsets;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * A raw connection endpoint that echoes every message as it came. The official client, pointed at it, reads its
 * own handshake back as an empty handshake response and its own invocations back as calls from the server: the
 * e2e tests use that to drive a raw endpoint with the official client.
 */
final class EchoHandler implements ConnectionHandler {
  @Override
  public void onConnected(TransportConnection connection) {
  }

  @Override
  public void onData(TransportConnection connection, ByteBuf data) {
    // As a raw endpoint must (ASP.NET's TransferFormat feature): binary frames once the client asked for a binary
    // protocol in its first message, the handshake.
    if (connection.transferFormat() == TransferFormat.TEXT && connection.transport() != TransportType.SERVER_SENT_EVENTS
        && data.toString(StandardCharsets.UTF_8).contains("\"protocol\":\"messagepack\"")) {
      connection.setTransferFormat(TransferFormat.BINARY);
    }
    connection.write(data);
  }

  @Override
  public void onClosed(TransportConnection connection, @Nullable Throwable error) {
  }
}
