/** Internals of the management SDK: the REST transport, payload encoding, configuration lookup. Not API. */
@NullMarked
package dev.hubbub.management.internal;

import org.jspecify.annotations.NullMarked;
