/**
 * The server side of SignalR's transport layer ("Http.Connections") on Netty: negotiate, WebSockets,
 * Server-Sent Events and long polling, moving opaque bytes between clients and a
 * {@link dev.hubbub.transport.ConnectionHandler}.
 *
 * <p><b>Threading.</b> Every connection lives on one Netty event loop ({@link
 * dev.hubbub.transport.TransportConnection#eventLoop()}). All {@link dev.hubbub.transport.ConnectionHandler}
 * callbacks, the {@link dev.hubbub.transport.Authenticator}, the {@link dev.hubbub.transport.NegotiateHook},
 * the {@link dev.hubbub.transport.ApplicationResolver} and the {@link dev.hubbub.transport.HttpRequestHandler}
 * run on event loops and must not block: a hub layer that runs user code hands it to its own executor
 * and comes back through the thread-safe {@link dev.hubbub.transport.TransportConnection#write},
 * {@link dev.hubbub.transport.TransportConnection#close} and
 * {@link dev.hubbub.transport.TransportConnection#abort}.
 */
@NullMarked
package dev.hubbub.transport;

import org.jspecify.annotations.NullMarked;
