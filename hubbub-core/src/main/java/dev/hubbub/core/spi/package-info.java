/**
 * The lifetime seam, in the shape of ASP.NET Core's {@code HubLifetimeManager}: where a hub's connections
 * are known and where sends, group changes and client results go. The local state of each product, the hub
 * server hosted behind a SignalR service, and scale-out backplanes are implementations of it; senders never
 * branch on where their targets live. A backplane is written against this package and
 * {@code dev.hubbub.core} only.
 */
@NullMarked
package dev.hubbub.core.spi;

import org.jspecify.annotations.NullMarked;
