/**
 * The hub layer under both products. A {@link dev.hubbub.core.HubSession} is one client's hub-protocol
 * session and a {@link dev.hubbub.core.HubSessionHandler} drives it: handshake, the parse loop with its
 * limits, keep-alive and client timeout, the stateful-reconnect buffer and one set of close texts
 * ({@link dev.hubbub.core.CloseReasons}). A product plugs in by implementing
 * {@link dev.hubbub.core.HubEndpoint}; bytes reach a session through a {@link dev.hubbub.core.SessionChannel}
 * (a transport connection, or a client multiplexed over a service connection).
 *
 * <p>Fan-out goes through the lifetime seam in {@link dev.hubbub.core.spi}; {@link
 * dev.hubbub.core.LocalHubLifetimeManager} is the in-process implementation over a
 * {@link dev.hubbub.core.HubConnectionStore}.
 */
@NullMarked
package dev.hubbub.core;

import org.jspecify.annotations.NullMarked;
