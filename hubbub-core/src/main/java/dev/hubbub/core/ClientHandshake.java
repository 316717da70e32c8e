package dev.hubbub.core;

import dev.hubbub.protocol.hub.HandshakeRequest;
import dev.hubbub.protocol.hub.HubProtocol;
import java.nio.ByteBuffer;

/**
 * A client's handshake request that passed the hub layer's checks (known protocol, supported version,
 * transfer format the channel can carry), as an endpoint sees it before the session is served. The buffers
 * {@link HubEndpoint#admit} sees are valid during that call only; those {@link HubEndpoint#handedOff} gets are
 * the endpoint's to keep.
 *
 * @param request what the client asked for
 * @param protocol the protocol that serves it
 * @param requestBytes the request exactly as the client sent it, separator included (an app server behind a
 *     service reads it again)
 * @param rest the bytes that followed the request in the same read: hub messages
 */
public record ClientHandshake(HandshakeRequest request, HubProtocol protocol, ByteBuffer requestBytes,
    ByteBuffer rest) {
}
