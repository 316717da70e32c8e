package dev.hubbub.core;

import dev.hubbub.protocol.hub.HubMessage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * What a product does with the sessions a {@link HubSessionHandler} drives. Every method is called on the
 * session's connection thread, one call at a time per session, and must return quickly without blocking.
 *
 * @param <S> the product's session type
 */
public interface HubEndpoint<S extends HubSession> {

  /**
   * A client's handshake request is valid. The default serves every client; the service routes clients to an
   * app server here, and may refuse them.
   */
  default Admission admit(S session, ClientHandshake handshake) {
    return Admission.serve();
  }

  /**
   * The session was {@linkplain Admission#handedOff() handed off}: its protocol is known from now on, and
   * {@code handshake} holds the request and what followed it, for whoever reads the client now.
   */
  default void handedOff(S session, ClientHandshake handshake) {
  }

  /** The handshake was answered with success: the session joins its hub. */
  void connected(S session);

  /**
   * A message from the client, other than Ping, Close, Ack and Sequence (the hub layer's own business), in
   * order. {@code payload} is the message's framed body, valid during the call only.
   */
  void message(S session, HubMessage message, ByteBuffer payload);

  /**
   * The session ended after it was {@link #connected} or handed off; {@code error} is null for a normal end.
   * Not called for sessions that never completed their handshake.
   */
  void disconnected(S session, @Nullable Throwable error);

  /** Counts what arrived: {@code messages} parsed from {@code bytes} read; for telemetry. */
  default void received(S session, int messages, int bytes) {
  }
}
