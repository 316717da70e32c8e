/**
 * Internals of the test client: negotiation, the three transports and the threads they share. Not an API:
 * types here change without notice.
 */
@NullMarked
package dev.hubbub.test.client.internal;

import org.jspecify.annotations.NullMarked;
