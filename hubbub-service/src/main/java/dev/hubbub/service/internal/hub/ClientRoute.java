package dev.hubbub.service.internal.hub;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Where a routed client's bytes go: the app server connection (Default mode) that runs the client's hub. The
 * service does not read a routed client's messages; the server answers its handshake and keeps it alive.
 *
 * <p>Called on the client's event loop; implementations must not block.
 */
public interface ClientRoute {

  /** Announces the client to the server and hands it the client's raw handshake request. */
  void open(ClientSession session, ByteBuffer handshake);

  /** Bytes the client sent after its handshake, exactly as they arrived. */
  void data(ClientSession session, ByteBuffer data);

  /** The client's transport ended; {@code error} is null for a normal close. */
  void closed(ClientSession session, @Nullable String error);
}
