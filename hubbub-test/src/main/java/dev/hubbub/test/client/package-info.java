/**
 * A SignalR client for tests: {@link dev.hubbub.test.client.HubTestClient}. It connects through negotiate
 * (following redirects to a SignalR service) over WebSockets, Server-Sent Events or long polling with the JSON or
 * MessagePack hub protocol, invokes and sends, records what the server sends per target
 * ({@link dev.hubbub.test.client.MessageRecorder}), streams both ways, answers client results, and reconnects
 * automatically or statefully. Written for Hubbub from the protocol facts.
 */
@NullMarked
package dev.hubbub.test.client;

import org.jspecify.annotations.NullMarked;
