/**
 * Implementation of the transport server. Not API: anything here may change without notice.
 *
 * <p>Thread confinement: a {@link dev.hubbub.transport.internal.ConnectionImpl}'s state is touched
 * only on its event loop once a transport has claimed it; HTTP requests that arrive on other loops
 * (long polls, POST sends, stateful WebSocket reconnects) hop to that loop.
 */
@NullMarked
package dev.hubbub.transport.internal;

import org.jspecify.annotations.NullMarked;
