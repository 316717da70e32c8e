/** The cluster's wire format, the per-hub managers and the node's questions; not API. */
@NullMarked
package dev.hubbub.service.redis.internal;

import org.jspecify.annotations.NullMarked;
