/**
 * The SignalR hub protocols: the message model ({@link dev.hubbub.protocol.hub.HubMessage}), the JSON and
 * MessagePack codecs ({@link dev.hubbub.protocol.hub.HubProtocol}), raw and bound arguments
 * ({@link dev.hubbub.protocol.hub.RawValue}, {@link dev.hubbub.protocol.hub.Arguments}) and the handshake.
 */
@NullMarked
package dev.hubbub.protocol.hub;

import org.jspecify.annotations.NullMarked;
