/**
 * Not API: the servlet bridge. Hubs on the servlet container's own port: negotiate, WebSockets (Jakarta WebSocket),
 * Server-Sent Events and long polling (servlet async I/O), each connection handed to the hub server through
 * {@link dev.hubbub.server.HubBridge}.
 */
@NullMarked
package dev.hubbub.spring.boot.internal.servlet;

import org.jspecify.annotations.NullMarked;
