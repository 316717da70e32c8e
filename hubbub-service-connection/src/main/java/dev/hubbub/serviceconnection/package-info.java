/**
 * The client side of the Azure SignalR service protocol's WebSocket ({@code /server/?hub=}), shared by the hub
 * server (Default connections carrying clients) and the management SDK's persistent transport (Weak
 * connections carrying sends and group operations): {@link dev.hubbub.serviceconnection.ServiceConnection}
 * dials, handshakes, keeps alive, batches writes and redials with the SDK backoff;
 * {@link dev.hubbub.serviceconnection.AckTracker} pairs {@code *WithAck} messages with the service's Ack.
 */
@NullMarked
package dev.hubbub.serviceconnection;

import org.jspecify.annotations.NullMarked;
