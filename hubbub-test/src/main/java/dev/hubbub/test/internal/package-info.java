/** Internals of the JUnit extension. Not an API. */
@NullMarked
package dev.hubbub.test.internal;

import org.jspecify.annotations.NullMarked;
