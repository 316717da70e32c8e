/**
 * Java SignalR hubs. Write a {@link dev.hubbub.server.Hub} subclass, map it with
 * {@link dev.hubbub.server.HubServer#builder()}, and clients using the official SignalR clients call its
 * public methods by name.
 *
 * <p>Hub methods never run on a network thread. Each connection's invocations run one after another in
 * the order the client sent them, unless {@link dev.hubbub.server.HubOptions#maximumParallelInvocationsPerClient()}
 * allows more.
 */
@NullMarked
package dev.hubbub.server;

import org.jspecify.annotations.NullMarked;
