package dev.hubbub.transport;

import dev.hubbub.protocol.negotiate.NegotiateRequest;

/**
 * What a {@link NegotiateHook} knows about a negotiate request.
 *
 * @param request the HTTP request
 * @param application the resolved application
 * @param user the authenticated user
 * @param negotiate the parsed negotiate parameters (version already clamped)
 */
public record NegotiateContext(TransportRequest request, TransportApplication application,
    TransportUser user, NegotiateRequest negotiate) {
}
