/** The Redis backplane's internals: wire format, channels, subscriptions and the lifetime manager. Not API. */
@NullMarked
package dev.hubbub.server.redis.internal;

import org.jspecify.annotations.NullMarked;
